import type { Account } from '../../contract/account.schema.js';
import type { Address } from '../../contract/address.schema.js';
import type { Blockage } from '../../contract/blockage.schema.js';
import { NATIVE_ASSETS, ONE_WITHDRAWAL_AT_A_TIME_ASSETS } from '../../contract/currencies.js';
import type { Deposit } from '../../contract/deposit.schema.js';
import type { Subscription } from '../../contract/subscription.schema.js';
import type { Trade } from '../../contract/trade.schema.js';
import type { Transaction } from '../../contract/transaction.schema.js';
import type { Withdrawal } from '../../contract/withdrawal.schema.js';
import type { Database, Queryable } from '../../storage/database.js';
import { replaceImportedBlockages, upsertImportedAccounts } from '../balances/imported-accounts.repository.js';
import { LedgerError } from '../ledger-error.js';
import { isZeroAmount } from '../transactions/amounts.js';
import { judgeSubscription } from '../subscriptions/subscription-attributes.js';
import {
  accountCurrencies,
  findImport,
  findLedgerKeyId,
  insertAddresses,
  insertRecords,
  analyzeImported,
  ledgerHoldsData,
  planForTheseRows,
  saveImport,
  tieTradeBlockages,
  upsertCustomers,
  upsertDeposits,
  upsertTrades,
  openTradesAfter,
  cancelImportedTrades,
  upsertSubscriptions,
  upsertVirtualCurrency,
  upsertWithdrawals,
  type ImportedAddress,
  type ImportedRecord,
} from './import.repository.js';
import { counted, freshState, nextStage, type ImportState, type Stage } from './import-state.js';
import { PAGE_SIZE, type SourceReader } from './source-reader.js';
import { sameAmount } from './verify.js';

// Copies a ledger in, page by page (docs/decisions/0038-ledger-import.md). Each page read from the source
// is written in one transaction together with the import's new position, so that an import stopped at
// any moment (a kill, a lost connection, a source that gave up answering) goes on with `--resume` from
// the first page it had not written, and the result is the same as an import never stopped. Only a page
// is held in memory at a time: the import's memory does not grow with the ledger.

export interface ImportOptions {
  db: Database;
  ledgerId: string;
  /** The source's base URL, recorded so that a resume goes on from the same source. */
  source: string;
  reader: SourceReader;
  resume: boolean;
  /**
   * Transactions created in the last `settleMs` before the import started are left to the next run:
   * a payment still being written at the source then may commit with a creation time before the
   * window's end, after the window was read. The clocks of both servers count too.
   */
  settleMs: number;
  now?: () => number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  /** The stage under way; `verify` for the comparison that ends an import. */
  stage: Stage | 'verify';
  /** Items of the stage written so far in this import. */
  written: number;
  /** Items of the stage at the source, where the source says. */
  total?: number;
}

export interface ImportReport {
  counts: ImportState['counts'];
  window: ImportState['window'];
  leftOut: string[];
  leftOutCount: number;
  /** Whether this run went on from a recorded one. */
  resumed: boolean;
}

/** The import cannot start or go on: the message says why and what to do. */
export class ImportRefused extends Error {
  override name = 'ImportRefused';
}

const isVirtual = (currency: string) => currency.startsWith('VC_');

/** Records in one slice of time at most (100 pages). */
const SLICE_MOST = 5000;
const INITIAL_SPAN_MS = 24 * 3600_000;
/** A record committed just after an older one may carry an older time: the first slice starts this much earlier. */
const FIRST_RECORD_MARGIN_MS = 60_000;

export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const { db, ledgerId, source, now = Date.now } = options;
  const recorded = await findImport(db, ledgerId);
  if (recorded && !options.resume) {
    throw new ImportRefused(
      `an import from ${recorded.source} into this ledger is recorded; run again with --resume to go on with it`,
    );
  }
  if (recorded && recorded.source !== source) {
    throw new ImportRefused(`the import recorded for this ledger reads ${recorded.source}, not ${source}`);
  }
  if (!recorded && (await ledgerHoldsData(db, ledgerId))) {
    throw new ImportRefused('the target ledger already holds data: an import goes into a new, empty ledger');
  }
  let state = recorded ? (JSON.parse(recorded.state) as ImportState) : undefined;
  if (!state || state.stage === 'done') {
    const from = recorded?.window_to === null || recorded === undefined ? null : Number(recorded.window_to);
    state = freshState({ from, to: now() - options.settleMs });
    if (from !== null && state.window.to < from) state.window.to = from;
  }
  const run = new ImportRun(options, state);
  await run.toTheEnd();
  return {
    counts: run.state.counts,
    window: run.state.window,
    leftOut: run.state.leftOut,
    leftOutCount: run.state.leftOutCount,
    resumed: recorded !== undefined,
  };
}

class ImportRun {
  #apiKeyId: string | undefined;
  /** How many items the stage under way has at the source, where the source says. */
  #total: number | undefined;

  constructor(
    private readonly options: ImportOptions,
    public state: ImportState,
  ) {}

  get #reader() {
    return this.options.reader;
  }

  get #ledgerId() {
    return this.options.ledgerId;
  }

  async toTheEnd(): Promise<void> {
    // Written before the first page: a run stopped before any page still finds its window recorded.
    await saveImport(this.options.db, this.#ledgerId, this.options.source, JSON.stringify(this.state));
    const stages: Record<Exclude<Stage, 'done'>, () => Promise<void>> = {
      customers: () => this.#customers(),
      accounts: () => this.#accounts(),
      currencies: () => this.#currencies(),
      trades: () => this.#trades(),
      transactions: () => this.#transactions(),
      withdrawals: () => this.#withdrawals(),
      deposits: () => this.#deposits(),
      subscriptions: () => this.#subscriptions(),
    };
    while (this.state.stage !== 'done') {
      this.#total = await this.#totalOf(this.state.stage);
      this.options.onProgress?.({ stage: this.state.stage, written: this.#written, total: this.#total });
      await stages[this.state.stage]();
      await this.#commit(this.options.db, nextStage(this.state));
    }
    await analyzeImported(this.options.db);
  }

  /** Writes `next` as the import's position, in `tx`'s transaction; once the last stage is done, the run is. */
  async #commit(tx: Queryable, next: ImportState): Promise<void> {
    const finished = next.stage === 'done' ? { windowTo: next.window.to } : undefined;
    await saveImport(tx, this.#ledgerId, this.options.source, JSON.stringify(next), finished);
    tx.afterCommit(() => {
      const moved = next.stage !== this.state.stage;
      this.state = next;
      if (!moved) this.options.onProgress?.({ stage: next.stage, written: this.#written, total: this.#total });
      else if (next.stage === 'done') this.options.onProgress?.({ stage: 'done', written: 0 });
    });
  }

  get #written(): number {
    return this.state.counts[this.state.stage] ?? 0;
  }

  async #totalOf(stage: Stage): Promise<number | undefined> {
    if (stage === 'accounts') return this.#reader.accountCount();
    if (stage !== 'transactions') return undefined;
    const { from, to } = this.state.window;
    return this.#reader.transactionCount({ ...(from === null ? {} : { from }), to });
  }

  /** Reads pages at the stage's offset until a short one; `write` stores one and answers what it wrote. */
  async #pages<T>(
    read: (offset: number) => Promise<T[]>,
    write: (tx: Queryable, page: T[]) => Promise<{ written: number; leftOut?: string[] }>,
    step: (page: T[]) => number = (page) => page.length,
  ): Promise<void> {
    for (;;) {
      const page = await read(this.state.offset);
      if (page.length > 0) {
        await this.options.db.transaction(async (tx) => {
          await planForTheseRows(tx);
          const { written, leftOut = [] } = await write(tx, page);
          const next = counted(this.state, written, leftOut);
          await this.#commit(tx, { ...next, offset: this.state.offset + step(page) });
        });
      }
      if (page.length < PAGE_SIZE) return;
    }
  }

  #customers(): Promise<void> {
    return this.#pages(
      (offset) => this.#reader.customers(offset),
      async (tx, customers) => {
        const leftOut = await upsertCustomers(tx, this.#ledgerId, customers);
        return { written: customers.length - leftOut.length, leftOut: leftOut.map((id) => `customer ${id}`) };
      },
    );
  }

  /**
   * Accounts, each with its blockages and deposit addresses (addresses only for a chain asset: a
   * virtual currency has none). Every account's blockages are asked for, whatever its balances show:
   * a blockage of nothing changes no balance, and its id is kept all the same.
   */
  #accounts(): Promise<void> {
    return this.#pages(
      // Everything is read before the page's transaction opens: none stays open across the network.
      async (offset) => {
        const accounts = await this.#reader.accounts(offset);
        return Promise.all(
          accounts.map(async (account) => ({
            account,
            blockages: await this.#allBlockages(account.id),
            addresses: isVirtual(account.currency) ? [] : await this.#reader.addresses(account.id),
          })),
        );
      },
      async (tx, page) => {
        const written = await upsertImportedAccounts(
          tx,
          this.#ledgerId,
          page.map(({ account }) => importedAccount(account)),
        );
        const leftOut = page
          .filter(({ account }) => !written.has(account.id))
          .map(({ account }) => `account ${account.id}`);
        for (const { account, blockages, addresses } of page) {
          if (!written.has(account.id)) continue;
          const refused = await replaceImportedBlockages(tx, this.#ledgerId, account.id, blockages);
          leftOut.push(...refused.map((id) => `blockage ${id}`));
          if (addresses.length > 0) {
            await insertAddresses(
              tx,
              this.#ledgerId,
              addresses.map((a) => importedAddress(account.id, a)),
            );
          }
        }
        return { written: written.size, leftOut };
      },
    );
  }

  async #allBlockages(accountId: string): Promise<Blockage[]> {
    const all: Blockage[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await this.#reader.blockages(accountId, offset);
      all.push(...page);
      if (page.length < PAGE_SIZE) return all;
    }
  }

  /** The virtual currencies the accounts are in: few, so read whole each run (their supply moves). */
  async #currencies(): Promise<void> {
    const names = (await accountCurrencies(this.options.db, this.#ledgerId)).filter(isVirtual);
    for (const name of names.slice(this.state.offset)) {
      const vc = await this.#reader.virtualCurrency(name);
      await this.options.db.transaction(async (tx) => {
        const written =
          vc !== undefined &&
          (await upsertVirtualCurrency(tx, this.#ledgerId, {
            name: vc.name,
            supply: vc.supply,
            basePair: vc.basePair,
            baseRate: String(vc.baseRate),
            description: vc.description ?? null,
            issuerAccountId: vc.accountId,
          }));
        const next = counted(this.state, written ? 1 : 0, vc && !written ? [`virtual currency ${name}`] : []);
        await this.#commit(tx, { ...next, offset: this.state.offset + 1 });
      });
    }
  }

  /**
   * Open trades, both sides of the book, then the closed ones; then the open trades' blockages, copied
   * with the accounts, are tied to them. Cancelled trades are in no list: they stay behind.
   */
  async #trades(): Promise<void> {
    const lists = [
      { status: 'OPEN', read: (offset: number) => this.#reader.openTrades('BUY', offset) },
      { status: 'OPEN', read: (offset: number) => this.#reader.openTrades('SELL', offset) },
      { status: 'CLOSED', read: (offset: number) => this.#reader.closedTrades(offset) },
    ] as const;
    while (this.state.part < lists.length) {
      const { status, read } = lists[this.state.part]!;
      await this.#pages(
        (offset) => read(offset),
        async (tx, trades) => {
          const leftOut = await upsertTrades(tx, this.#ledgerId, status, trades.map(importedTrade));
          return { written: trades.length - leftOut.length, leftOut: leftOut.map((id) => `trade ${id}`) };
        },
      );
      await this.#commit(this.options.db, { ...this.state, part: this.state.part + 1, offset: 0 });
    }
    if (this.state.window.from !== null) await this.#endVanishedTrades();
    await tieTradeBlockages(this.options.db, this.#ledgerId);
  }

  /**
   * On a run after a finished one: a trade copied open that is now in none of the source's lists was
   * cancelled there (a filled one is in the history, and was just copied closed). The source is asked
   * for each such trade, in case it filled between the lists' reads.
   */
  async #endVanishedTrades(): Promise<void> {
    let after = '';
    for (;;) {
      const open = await openTradesAfter(this.options.db, this.#ledgerId, after, PAGE_SIZE);
      if (open.length === 0) return;
      after = open.at(-1)!;
      const seen = await Promise.all(open.map(async (id) => ({ id, trade: await this.#reader.trade(id) })));
      const gone = seen.filter(({ trade }) => trade === undefined).map(({ id }) => id);
      const moved = seen.flatMap(({ trade }) => (trade && !isZeroAmount(trade.fill) ? [trade] : []));
      await this.options.db.transaction(async (tx) => {
        if (gone.length > 0) await cancelImportedTrades(tx, this.#ledgerId, gone);
        for (const trade of moved) {
          const status = sameAmount(trade.fill, trade.amount) ? 'CLOSED' : 'OPEN';
          await upsertTrades(tx, this.#ledgerId, status, [importedTrade(trade)]);
        }
      });
    }
  }

  /**
   * The window's records, a slice of time at a time, each slice sized (by the source's count) to hold
   * at most SLICE_MOST records and paged through: no page is read at an offset deeper than the slice,
   * however long the ledger's history. Slices share their boundary millisecond, since a record's time
   * is finer than the filter's; a record read twice there is written once (insertRecords).
   */
  async #transactions(): Promise<void> {
    const { to } = this.state.window;
    for (;;) {
      if (this.state.slice === null) {
        const start = this.state.next ?? this.state.window.from ?? (await this.#firstRecordTime());
        if (start === undefined || (this.state.next !== null && start >= to)) return;
        await this.#commit(this.options.db, { ...this.state, ...(await this.#sliceFrom(start)), offset: 0 });
      }
      const slice = this.state.slice!;
      await this.#pages(
        (offset) => this.#reader.transactions(slice, offset),
        async (tx, records) => {
          const { written, orphaned } = await insertRecords(
            tx,
            this.#ledgerId,
            records.map(importedRecord),
            slice.from,
          );
          return {
            written,
            leftOut: orphaned > 0 ? [`${orphaned} transaction record(s) of accounts not in this ledger`] : [],
          };
        },
      );
      if (slice.to >= to) return;
      await this.#commit(this.options.db, { ...this.state, slice: null, next: slice.to, offset: 0 });
    }
  }

  /** Where the window's records begin when it has no start: a little before the oldest one. */
  async #firstRecordTime(): Promise<number | undefined> {
    const [first] = await this.#reader.transactions({ to: this.state.window.to }, 0);
    return first === undefined ? undefined : first.created - FIRST_RECORD_MARGIN_MS;
  }

  /** The slice that starts at `start`: as long as the last one, halved while it holds too many records. */
  async #sliceFrom(start: number): Promise<Pick<ImportState, 'slice' | 'span'>> {
    const { to } = this.state.window;
    let span = this.state.span > 0 ? this.state.span : INITIAL_SPAN_MS;
    for (;;) {
      const end = Math.min(start + span, to);
      const count = await this.#reader.transactionCount({ from: start, to: end });
      if (count !== undefined && count > SLICE_MOST && span > 1) {
        span = Math.max(1, Math.floor(span / 2));
        continue;
      }
      // A slice well short of the bound lets the next one be longer.
      const next = count !== undefined && count < SLICE_MOST / 4 ? span * 2 : span;
      return { slice: { from: start, to: end }, span: next };
    }
  }

  #withdrawals(): Promise<void> {
    return this.#pages(
      (offset) => this.#reader.withdrawals(offset),
      async (tx, withdrawals) => {
        const leftOut = await upsertWithdrawals(tx, this.#ledgerId, withdrawals.map(importedWithdrawal));
        return { written: withdrawals.length - leftOut.length, leftOut: leftOut.map((id) => `withdrawal ${id}`) };
      },
    );
  }

  #deposits(): Promise<void> {
    return this.#pages(
      (page) => this.#reader.deposits(page),
      async (tx, deposits) => {
        await upsertDeposits(tx, this.#ledgerId, deposits.map(importedDeposit));
        return { written: deposits.length };
      },
      // The deposit list goes by page, not by offset.
      () => 1,
    );
  }

  #subscriptions(): Promise<void> {
    return this.#pages(
      (offset) => this.#reader.subscriptions(offset),
      async (tx, subscriptions) => {
        const apiKeyId = (this.#apiKeyId ??= await findLedgerKeyId(tx, this.#ledgerId));
        const served = subscriptions.flatMap((s) => {
          const subject = subjectOf(s);
          return subject === false
            ? []
            : [{ id: s.id, type: s.type, subjectId: subject, attr: JSON.stringify(s.attr) }];
        });
        const notServed = subscriptions.filter((s) => !served.some((t) => t.id === s.id));
        const leftOut = [
          ...notServed.map((s) => `subscription ${s.id} (${s.type} is not served here)`),
          ...(apiKeyId === undefined
            ? served.map((s) => `subscription ${s.id} (the ledger has no API key to sign its webhooks)`)
            : (await upsertSubscriptions(tx, this.#ledgerId, apiKeyId, served)).map((id) => `subscription ${id}`)),
        ];
        return { written: subscriptions.length - leftOut.length, leftOut };
      },
    );
  }
}

/** The subscription's subject as this server keeps it, or false for a type it does not serve. */
function subjectOf(subscription: Subscription): string | null | false {
  try {
    const judged = judgeSubscription(subscription.type, subscription.attr);
    return judged.subject?.id ?? null;
  } catch (error) {
    if (error instanceof LedgerError) return false;
    throw error;
  }
}

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

function importedAccount(account: Account) {
  return {
    id: account.id,
    customerId: orNull(account.customerId),
    currency: account.currency,
    xpub: orNull(account.xpub),
    accountCode: orNull(account.accountCode),
    accountNumber: orNull(account.accountNumber),
    accountingCurrency: orNull(account.accountingCurrency),
    active: account.active,
    frozen: account.frozen,
    balance: account.balance.accountBalance,
  };
}

function importedAddress(accountId: string, address: Address): ImportedAddress {
  const tag = address.destinationTag ?? address.memo ?? address.message ?? null;
  return {
    accountId,
    currency: address.currency,
    address: address.address,
    derivationKey: orNull(address.derivationKey),
    xpub: orNull(address.xpub),
    tag: tag === null ? null : String(tag),
  };
}

function importedTrade(trade: Trade) {
  return {
    id: trade.id,
    type: trade.type,
    pair: trade.pair,
    price: trade.price,
    amount: trade.amount,
    fill: trade.fill,
    currency1AccountId: trade.currency1AccountId,
    currency2AccountId: trade.currency2AccountId,
    feeAccountId: orNull(trade.feeAccountId),
    fee: trade.fee === null || trade.fee === undefined ? null : String(trade.fee),
    isMaker: trade.isMaker ?? null,
    created: trade.created,
  };
}

function importedRecord(record: Transaction): ImportedRecord {
  return {
    accountId: record.accountId,
    counterAccountId: orNull(record.counterAccountId),
    reference: record.reference,
    amount: record.amount,
    currency: record.currency,
    operationType: record.operationType,
    transactionType: record.transactionType,
    anonymous: record.anonymous,
    transactionCode: orNull(record.transactionCode),
    paymentId: orNull(record.paymentId),
    senderNote: orNull(record.senderNote),
    recipientNote: orNull(record.recipientNote),
    marketValueAmount: record.marketValue.amount,
    marketValueCurrency: record.marketValue.currency,
    marketValueSource: record.marketValue.source,
    created: record.created,
    attr: orNull(record.attr),
    address: orNull(record.address),
    txId: orNull(record.txId),
  };
}

function importedWithdrawal(withdrawal: Withdrawal) {
  return {
    id: withdrawal.id,
    accountId: withdrawal.accountId,
    currency: withdrawal.currency,
    address: withdrawal.address,
    amount: withdrawal.amount,
    fee: withdrawal.fee,
    feeIncluded: NATIVE_ASSETS.includes(withdrawal.currency),
    refund: orNull(withdrawal.refund),
    attr: orNull(withdrawal.attr),
    multipleAmounts: withdrawal.multipleAmounts ? JSON.stringify(withdrawal.multipleAmounts) : null,
    paymentId: orNull(withdrawal.paymentId),
    senderNote: orNull(withdrawal.senderNote),
    reference: withdrawal.reference,
    txId: orNull(withdrawal.txId),
    status: withdrawal.status,
    oneAtATime: ONE_WITHDRAWAL_AT_A_TIME_ASSETS.includes(withdrawal.currency),
    date: withdrawal.date,
  };
}

function importedDeposit(deposit: Deposit) {
  return {
    accountId: deposit.accountId,
    currency: deposit.currency,
    address: orNull(deposit.address),
    xpub: orNull(deposit.xpub),
    derivationKey: orNull(deposit.derivationKey),
    txId: deposit.txId,
    vout: deposit.vout,
    amount: deposit.amount,
    status: deposit.status,
    blockHeight: String(deposit.blockHeight),
    blockHash: orNull(deposit.blockHash),
    from: orNull(deposit.from),
    reference: deposit.reference,
    timestamp: deposit.timestamp,
  };
}
