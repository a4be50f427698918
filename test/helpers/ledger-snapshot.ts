import assert from 'node:assert/strict';
import type { Account, AccountBalance } from '../../src/contract/account.schema.js';
import type { Address } from '../../src/contract/address.schema.js';
import type { Blockage } from '../../src/contract/blockage.schema.js';
import type { Customer } from '../../src/contract/customer.schema.js';
import { DEPOSIT_STATUSES, type Deposit, type DepositStatus } from '../../src/contract/deposit.schema.js';
import type { Subscription } from '../../src/contract/subscription.schema.js';
import type { Trade } from '../../src/contract/trade.schema.js';
import type { Transaction } from '../../src/contract/transaction.schema.js';
import type { VC } from '../../src/contract/virtual-currency.schema.js';
import { WITHDRAWAL_STATUSES, type Withdrawal, type WithdrawalStatus } from '../../src/contract/withdrawal.schema.js';
import type { LedgerClient, Reply } from './test-app.js';

// A whole ledger as its public API answers it, read object by object, for comparing two servers'
// copies of one ledger (docs/decisions/0038-ledger-import.md) with assert.deepEqual. Nothing is
// normalised away: ids, references, times and flags are all kept, and every list keeps the server's
// order (creation order, docs/decisions/0002-creation-order-lists.md), which a copy must keep too.
// Every field can be equal on two servers once the copy keeps ids, references and times: none is the
// time of the read or a value a server makes up when answering (a record's marketValue.sourceDate is
// its own creation time).

const PAGE_SIZE = 50;
/** A server that ignored the paging would otherwise be read forever. */
const MAX_PAGES = 1000;

/** A refusal kept as it was answered, where the API refuses to read something that exists. */
export interface Refusal {
  status: number;
  body: unknown;
}

/** One account and everything the API hangs off it. */
export interface AccountSnapshot {
  /** As `GET /v3/ledger/account` lists it. */
  listed: Account;
  /** As `GET /v3/ledger/account/{id}` answers it. */
  account: Account;
  balance: AccountBalance;
  blockages: Blockage[];
  /**
   * Its deposit addresses (removed ones are never listed); for an inactive account, the refusal the
   * server answers instead (this server lists the addresses of active accounts only).
   */
  addresses: Address[] | Refusal;
  /** Its transaction records, as `POST /v3/ledger/transaction/account` finds them. */
  transactions: Transaction[];
}

export interface LedgerSnapshot {
  /** As `GET /v3/ledger/customer` lists them. */
  customers: Customer[];
  /** Each listed customer as `GET /v3/ledger/customer/{id}` answers it, in the same order. */
  customersById: Customer[];
  /** Every account, inactive ones too, in the list's order. */
  accounts: AccountSnapshot[];
  /** Every record of the ledger, as `POST /v3/ledger/transaction/ledger` finds them. */
  transactions: Transaction[];
  /** Each virtual currency an account is in, by first appearance in the account list. */
  virtualCurrencies: VC[];
  /** Every withdrawal, then those of each status. */
  withdrawals: { all: Withdrawal[] } & Record<WithdrawalStatus, Withdrawal[]>;
  /** Every deposit, then those of each status. */
  deposits: { all: Deposit[] } & Record<DepositStatus, Deposit[]>;
  subscriptions: Subscription[];
  /** Open trades of each side, and closed ones (history). Cancelled trades are listed nowhere. */
  trades: { buy: Trade[]; sell: Trade[]; closed: Trade[] };
}

/** Reads the whole ledger the client's key addresses. Every read must answer 200. */
export async function snapshotLedger(api: LedgerClient): Promise<LedgerSnapshot> {
  const ok = (what: string, reply: Reply): any => {
    assert.equal(reply.status, 200, `${what} → ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const get = async (url: string) => ok(`GET ${url}`, await api.get(url));
  const post = async (url: string, body: unknown) =>
    ok(`POST ${url} ${JSON.stringify(body)}`, await api.post(url, body));

  /** Every page, from the first, until a short one; `page` reads the page at an item offset and its number. */
  async function all<T>(page: (offset: number, index: number) => Promise<T[]>): Promise<T[]> {
    const items: T[] = [];
    for (let index = 0; index < MAX_PAGES; index++) {
      const got = await page(index * PAGE_SIZE, index);
      assert.ok(Array.isArray(got), `a page is not a list: ${JSON.stringify(got)}`);
      items.push(...got);
      if (got.length < PAGE_SIZE) return items;
    }
    assert.fail(`more than ${MAX_PAGES} pages`);
  }
  const paged = <T>(path: string, query = '') =>
    all<T>((offset) => get(`${path}?pageSize=${PAGE_SIZE}&offset=${offset}${query}`));
  const found = <T>(path: string, body: Record<string, unknown>) =>
    all<T>((offset) => post(`${path}?pageSize=${PAGE_SIZE}&offset=${offset}`, body));

  const customers = await paged<Customer>('/v3/ledger/customer');
  const customersById: Customer[] = [];
  for (const customer of customers) customersById.push(await get(`/v3/ledger/customer/${customer.id}`));

  const addressesOf = async (account: Account): Promise<Address[] | Refusal> => {
    const url = `/v3/offchain/account/${encodeURIComponent(account.id)}/address`;
    const reply = await api.get(url);
    if (!account.active && reply.status === 403) return { status: reply.status, body: reply.body };
    return ok(`GET ${url}`, reply);
  };

  const accounts: AccountSnapshot[] = [];
  for (const listed of await paged<Account>('/v3/ledger/account')) {
    const id = encodeURIComponent(listed.id);
    accounts.push({
      listed,
      account: await get(`/v3/ledger/account/${id}`),
      balance: await get(`/v3/ledger/account/${id}/balance`),
      blockages: await paged<Blockage>(`/v3/ledger/account/block/${id}`),
      addresses: await addressesOf(listed),
      transactions: await found<Transaction>('/v3/ledger/transaction/account', { id: listed.id }),
    });
  }

  const transactions = await found<Transaction>('/v3/ledger/transaction/ledger', {});

  const virtualCurrencies: VC[] = [];
  const names = [...new Set(accounts.map(({ listed }) => listed.currency))].filter((c) => c.startsWith('VC_'));
  for (const name of names) virtualCurrencies.push(await get(`/v3/ledger/virtualCurrency/${encodeURIComponent(name)}`));

  const withdrawals = { all: await paged<Withdrawal>('/v3/offchain/withdrawal') } as LedgerSnapshot['withdrawals'];
  for (const status of WITHDRAWAL_STATUSES) {
    withdrawals[status] = await paged<Withdrawal>('/v3/offchain/withdrawal', `&status=${status}`);
  }

  // Deposits page by page number, not by item offset.
  const depositPages = (query = '') =>
    all<Deposit>((_offset, page) => get(`/v3/ledger/deposits?pageSize=${PAGE_SIZE}&page=${page}${query}`));
  const deposits = { all: await depositPages() } as LedgerSnapshot['deposits'];
  for (const status of DEPOSIT_STATUSES) deposits[status] = await depositPages(`&status=${status}`);

  const subscriptions = await paged<Subscription>('/v3/subscription');

  // The trade lists take their paging in the body.
  const trades = (side: 'buy' | 'sell' | 'history') =>
    all<Trade>((offset) => post(`/v3/trade/${side}`, { pageSize: PAGE_SIZE, offset }));
  return {
    customers,
    customersById,
    accounts,
    transactions,
    virtualCurrencies,
    withdrawals,
    deposits,
    subscriptions,
    trades: { buy: await trades('buy'), sell: await trades('sell'), closed: await trades('history') },
  };
}
