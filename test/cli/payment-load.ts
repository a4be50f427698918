import assert from 'node:assert/strict';
import type { httpClient } from '../helpers/http-client.js';
import type { LedgerSnapshot } from '../helpers/ledger-snapshot.js';
import type { LedgerClient } from '../helpers/test-app.js';

// Payments sent without pause by a few clients at once, over HTTP, while a backup is taken: each one
// numbered when it is sent, so that a test can tell those answered before the backup (which must be
// in it) from those sent after it (which must not). Every tenth request is a batch of two payments,
// which commit together or not at all. paymentIds are `load-<n>`, a batch's `load-<n>-a` and `-b`.

type Http = ReturnType<typeof httpClient>;

export interface PaymentLoad {
  /** The virtual currency the load pays in, made for it. */
  currency: string;
  /** The currency's issuer account, then the accounts paid into. */
  accounts: string[];
  /** Requests answered 200 so far. */
  count(): number;
  /** Resolves once `n` requests have been answered 200. */
  until(n: number): Promise<void>;
  /** The paymentIds of the payments answered 200 so far. */
  acknowledged(): string[];
  /** A mark of the requests sent so far, for sentAfter(). */
  sentSoFar(): number;
  /** The paymentIds of the requests sent after `mark`. */
  sentAfter(mark: number): string[];
  /** The paymentId pairs of the batches answered 200. */
  batches(): [string, string][];
  /** Stops sending, and resolves once every request sent is answered. */
  stop(): Promise<void>;
}

export async function runPayments(api: Http, clients = 3): Promise<PaymentLoad> {
  const currency = `VC_LOAD${Date.now() % 100000}`;
  const issuer = (
    await api.ok('POST', '/v3/ledger/virtualCurrency', { name: currency, supply: '1000000', basePair: 'EUR' })
  ).id as string;
  const created = (await api.ok('POST', '/v3/ledger/account/batch', {
    accounts: Array.from({ length: 5 }, (_, n) => ({ currency, customer: { externalId: `load-${currency}-${n}` } })),
  })) as { id: string }[];
  const recipients = created.map((account) => account.id);

  let sent = 0;
  let stopped = false;
  const acknowledged: string[] = [];
  const batches: [string, string][] = [];
  const sentAt = new Map<string, number>();
  const waiters: { n: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  const fail = (error: unknown) => {
    failure ??= error instanceof Error ? error : new Error(String(error));
    stopped = true;
    for (const waiter of waiters.splice(0)) waiter.reject(failure);
  };
  const answered = () => {
    for (const waiter of waiters.filter((w) => acknowledged.length >= w.n)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const pick = (n: number) => recipients[n % recipients.length]!;

  async function client(): Promise<void> {
    while (!stopped) {
      const n = ++sent;
      if (n % 10 === 0) {
        const pair: [string, string] = [`load-${n}-a`, `load-${n}-b`];
        for (const paymentId of pair) sentAt.set(paymentId, n);
        const reply = await api.send('POST', '/v3/ledger/transaction/batch', {
          senderAccountId: issuer,
          transaction: [
            { recipientAccountId: pick(n), amount: '0.5', paymentId: pair[0] },
            { recipientAccountId: pick(n + 1), amount: '0.5', paymentId: pair[1] },
          ],
        });
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        acknowledged.push(...pair);
        batches.push(pair);
      } else {
        const paymentId = `load-${n}`;
        sentAt.set(paymentId, n);
        // Every third one between two accounts paid into: refused while the sender has too little.
        const sender = n % 3 === 0 ? pick(n + 2) : issuer;
        const reply = await api.send('POST', '/v3/ledger/transaction', {
          senderAccountId: sender,
          recipientAccountId: pick(n),
          amount: '1.5',
          paymentId,
        });
        if (reply.status === 200) acknowledged.push(paymentId);
        else assert.equal(reply.body?.errorCode, 'balance.insufficient', JSON.stringify(reply.body));
      }
      answered();
    }
  }
  const running = Array.from({ length: clients }, () => client().catch(fail));

  return {
    currency,
    accounts: [issuer, ...recipients],
    count: () => acknowledged.length,
    until: (n) => {
      if (failure !== undefined) return Promise.reject(failure);
      if (acknowledged.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ n, resolve, reject }));
    },
    acknowledged: () => [...acknowledged],
    sentSoFar: () => sent,
    sentAfter: (mark) => [...sentAt].filter(([, n]) => n > mark).map(([paymentId]) => paymentId),
    batches: () => [...batches],
    async stop() {
      stopped = true;
      await Promise.all(running);
      if (failure !== undefined) throw failure;
    },
  };
}

interface Record {
  paymentId: string | null;
  amount: string;
  accountId: string;
  currency: string;
}

/**
 * What a copy of the ledger taken while `load` ran must show, read through the copy's API: each of the
 * load's payments whole (a debit and an equal credit) or absent, each batch whole or absent; those
 * answered before the copy was asked for (`answered`) there, those sent after it was made (after
 * `mark`) not; and every account of the load's currency explained by its records.
 */
export async function assertWholeOrAbsent(
  api: LedgerClient,
  load: PaymentLoad,
  answered: readonly string[],
  mark: number,
): Promise<void> {
  const records: Record[] = [];
  for (let offset = 0; ; offset += 50) {
    const page = await api.post(`/v3/ledger/transaction/ledger?pageSize=50&offset=${offset}`, {});
    assert.equal(page.status, 200, JSON.stringify(page.body));
    records.push(...(page.body as Record[]));
    if (page.body.length < 50) break;
  }
  const byPayment = new Map<string, Record[]>();
  for (const record of records.filter((r) => r.paymentId?.startsWith('load-'))) {
    byPayment.set(record.paymentId!, [...(byPayment.get(record.paymentId!) ?? []), record]);
  }
  for (const [paymentId, pair] of byPayment) {
    assert.equal(pair.length, 2, `${paymentId}: a debit and a credit`);
    assert.equal(Number(pair[0]!.amount) + Number(pair[1]!.amount), 0, `${paymentId}: of equal amounts`);
  }
  for (const paymentId of answered)
    assert.ok(byPayment.has(paymentId), `${paymentId}, answered before, is in the copy`);
  for (const paymentId of load.sentAfter(mark)) {
    assert.ok(!byPayment.has(paymentId), `${paymentId}, sent after the copy was made, is not in it`);
  }
  for (const [a, b] of load.batches())
    assert.equal(byPayment.has(a), byPayment.has(b), `${a}: a batch is whole or absent`);
  assert.ok(byPayment.size >= answered.length, 'the copy has what was answered before it');
  assert.ok(load.sentAfter(mark).length > 0, 'payments were sent after the copy too');

  // Amounts are multiples of 0.5, which a JS number adds exactly.
  for (const accountId of load.accounts) {
    const balance = await api.get(`/v3/ledger/account/${accountId}/balance`);
    assert.equal(balance.status, 200);
    const own = records.filter((r) => r.accountId === accountId).reduce((sum, r) => sum + Number(r.amount), 0);
    assert.equal(Number(balance.body.accountBalance), own, `${accountId}: its records explain its balance`);
  }
}

/** A snapshot of a ledger without what the load made: the load's currency, its accounts and customers. */
export function withoutLoad(snapshot: LedgerSnapshot, load: PaymentLoad): LedgerSnapshot {
  const ours = new Set(load.accounts);
  const isLoadCustomer = (c: { externalId: string }) => c.externalId.startsWith('load-');
  return {
    ...snapshot,
    customers: snapshot.customers.filter((c) => !isLoadCustomer(c)),
    customersById: snapshot.customersById.filter((c) => !isLoadCustomer(c)),
    accounts: snapshot.accounts.filter((a) => !ours.has(a.listed.id)),
    transactions: snapshot.transactions.filter((r) => r.currency !== load.currency),
    virtualCurrencies: snapshot.virtualCurrencies.filter((v) => v.name !== load.currency),
  };
}
