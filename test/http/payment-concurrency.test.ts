import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Queryable } from '../../src/storage/database.js';
import { onPostgres } from '../helpers/database.js';
import { httpClient, type HttpReply as Reply } from '../helpers/http-client.js';
import { suiteTestApp } from '../helpers/test-app.js';
import { formatUnits, ONE, parseUnits, sumUnits, type AmountStyle } from '../support/decimal-units.js';
import { seededRandom } from '../support/seeded-random.js';

// Hundreds of payments at once among a few hot accounts, while some of those accounts are frozen and
// unfrozen and some customers disabled and enabled. Refusals are expected (balance.insufficient,
// senderAccount.frozen, senderAccount.customer.disabled); a 5xx, a lost update, a payment both
// refused and recorded, or a retried (deadlocked) transaction is not.
//
// The requests go over real sockets (listen on port 0, fetch) rather than app.inject. inject would
// overlap on the pool as well, but it skips connection handling and body reading off a socket, and
// its requests start in the order of one loop; over HTTP they arrive as the kernel and the client's
// connection pool deliver them, and hold the pool's ten connections the way production traffic does.
//
// On PostgreSQL that is the real test of the row locks. On PGlite (one connection, transactions one at
// a time) it runs smaller: it then checks the same accounting, not the locking.
// LEDGER_CONCURRENCY_SEED replays a mix; LEDGER_CONCURRENCY_PAYMENTS changes its size.

const PAYMENTS = Number(process.env.LEDGER_CONCURRENCY_PAYMENTS ?? (onPostgres ? 400 : 80));
const HOT = 4;
// A failing mix is replayed with LEDGER_CONCURRENCY_SEED.
const SEED = Number(process.env.LEDGER_CONCURRENCY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ALLOWED_REFUSALS = new Set(['balance.insufficient', 'senderAccount.frozen', 'senderAccount.customer.disabled']);

interface Item {
  paymentId: string;
  sender: number;
  recipient: number;
  units: bigint;
}

interface Request {
  items: Item[];
  reply?: Reply;
}

describe('concurrent payments among hot accounts', (suite) => {
  const t = suiteTestApp(suite);
  let base: string;
  let retried = 0;
  before(async () => {
    // The storage layer runs a transaction's work again only after a deadlock or a serialization
    // failure: counting the runs of each unit of work counts those retries, on this app alone (the
    // database's own deadlock counter is shared with every other test and updated lazily).
    const transaction = t.db.transaction.bind(t.db);
    t.db.transaction = <T>(work: (tx: Queryable) => Promise<T>) => {
      let runs = 0;
      return transaction((tx) => {
        if (++runs > 1) retried++;
        return work(tx);
      });
    };
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });

  const send = (method: string, path: string, body?: unknown) =>
    httpClient(base, t.keys.testnet).send(method, path, body);

  const ok = (method: string, path: string, body?: unknown) => httpClient(base, t.keys.testnet).ok(method, path, body);

  it('keeps every balance explained by the payments that succeeded, with no 5xx', async (context) => {
    const random = seededRandom(SEED);
    context.diagnostic(`seed ${SEED} (LEDGER_CONCURRENCY_SEED), ${onPostgres ? 'PostgreSQL' : 'PGlite'}`);
    const styles: AmountStyle[] = ['canonical', 'padded', 'plus', 'bare'];

    // A currency whose issuer keeps its supply out of the traffic, and hot accounts funded by mint.
    const currency = `VC_HOT_${SEED}`;
    const issuer = await ok('POST', '/v3/ledger/virtualCurrency', { name: currency, supply: '1000', basePair: 'EUR' });
    const hot: { id: string; customerId: string }[] = [];
    const initial: bigint[] = [];
    for (let i = 0; i < HOT; i++) {
      const account = await ok('POST', '/v3/ledger/account', {
        currency,
        customer: { externalId: `hot-${SEED}-${i}` },
      });
      hot.push({ id: account.id, customerId: account.customerId });
      initial.push(150n * ONE + BigInt(random.int(100_000_000)));
      await ok('PUT', '/v3/ledger/virtualCurrency/mint', { accountId: account.id, amount: formatUnits(initial[i]!) });
    }
    const supplyRecords = 1 + HOT;

    // Payments in random directions, about one in eight a batch of two or three; every item carries a
    // paymentId so that its records can be found again, or shown not to exist.
    const requests: Request[] = [];
    for (let k = 0; k < PAYMENTS; k++) {
      const sender = random.int(HOT);
      const others = [...Array(HOT).keys()].filter((i) => i !== sender);
      const size = random.int(8) === 0 ? 2 + random.int(2) : 1;
      requests.push({
        items: Array.from({ length: size }, (_, j) => ({
          paymentId: `p-${k}-${j}`,
          sender,
          recipient: random.pick(others),
          units: 1n + BigInt(random.int(25 * 100_000_000)),
        })),
      });
    }
    const body = (request: Request) => {
      const [first] = request.items;
      const style = () => random.pick(styles);
      if (request.items.length === 1) {
        return {
          senderAccountId: hot[first!.sender]!.id,
          recipientAccountId: hot[first!.recipient]!.id,
          amount: formatUnits(first!.units, style()),
          paymentId: first!.paymentId,
        };
      }
      return {
        senderAccountId: hot[first!.sender]!.id,
        transaction: request.items.map((item) => ({
          recipientAccountId: hot[item.recipient]!.id,
          amount: formatUnits(item.units, style()),
          paymentId: item.paymentId,
        })),
      };
    };
    const bodies = requests.map(body);

    // Meanwhile: account 0 is frozen and unfrozen, account 1's customer disabled and enabled; each loop
    // alternates strictly, so every toggle must succeed, and ends thawed. A toggle waits behind the
    // flood for a pool connection, so the pause keeps the accounts usable most of the time; accounts
    // 2 and 3 are left alone.
    let flooding = true;
    const toggles: Reply[] = [];
    const toggle = async (paths: [string, string]) => {
      while (flooding) {
        for (const path of paths) toggles.push(await send('PUT', path));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    // The pool's counters while the flood lasts: proof that requests really queued for connections.
    let busiest = { total: 0, waiting: 0 };
    const sampler = setInterval(() => {
      const stats = t.db.poolStats?.();
      if (stats && stats.waiting >= busiest.waiting) busiest = { total: stats.total, waiting: stats.waiting };
    }, 5);
    const started = performance.now();
    const flood = Promise.all(
      requests.map(async (request, k) => {
        const path = request.items.length === 1 ? '/v3/ledger/transaction' : '/v3/ledger/transaction/batch';
        request.reply = await send('POST', path, bodies[k]);
      }),
    ).finally(() => (flooding = false));
    await Promise.all([
      flood,
      toggle([`/v3/ledger/account/${hot[0]!.id}/freeze`, `/v3/ledger/account/${hot[0]!.id}/unfreeze`]),
      toggle([`/v3/ledger/customer/${hot[1]!.customerId}/disable`, `/v3/ledger/customer/${hot[1]!.customerId}/enable`]),
    ]);
    const duration = Math.round(performance.now() - started);
    clearInterval(sampler);

    // Every reply is a success or an expected refusal; nothing failed on the server.
    const refused = new Map<string, number>();
    const unexpected: string[] = [];
    const succeeded: { item: Item; reference: string }[] = [];
    for (const request of requests) {
      const { status, body } = request.reply!;
      if (status === 200) {
        const references: unknown[] = request.items.length === 1 ? [body.reference] : body;
        assert.equal(references.length, request.items.length);
        request.items.forEach((item, j) => succeeded.push({ item, reference: references[j] as string }));
      } else if (status === 403 && ALLOWED_REFUSALS.has(body?.errorCode)) {
        refused.set(body.errorCode, (refused.get(body.errorCode) ?? 0) + 1);
      } else {
        unexpected.push(`${status} ${JSON.stringify(body)}`);
      }
    }
    const toggleFailures = toggles.filter((r) => r.status !== 204).map((r) => `${r.status} ${JSON.stringify(r.body)}`);
    const successes = requests.filter((r) => r.reply!.status === 200).length;
    context.diagnostic(
      `${requests.length} payment requests (${requests.reduce((n, r) => n + r.items.length, 0)} payments) ` +
        `in ${duration} ms with ${toggles.length} freeze/unfreeze/disable/enable: ${successes} succeeded ` +
        `(${succeeded.length} payments), refused ${JSON.stringify(Object.fromEntries(refused))}, ` +
        `${retried} transactions retried; pool at its busiest: ${busiest.total} connections, ${busiest.waiting} waiting`,
    );
    assert.deepEqual(unexpected, [], 'only expected refusals');
    assert.ok(succeeded.length > 0, 'no payment succeeded: the test checked nothing');
    assert.deepEqual(toggleFailures, [], 'every toggle succeeds');
    assert.equal(new Set(succeeded.map((s) => s.reference)).size, succeeded.length, 'references are unique');
    assert.equal(retried, 0, 'a transaction was retried: a deadlock (or serialization failure) happened');

    // Balances: the minted amounts moved by exactly the successful payments, and they add up to supply.
    const expected = [...initial];
    for (const { item } of succeeded) {
      expected[item.sender]! -= item.units;
      expected[item.recipient]! += item.units;
    }
    const accounts = await Promise.all(hot.map((h) => ok('GET', `/v3/ledger/account/${h.id}`)));
    assert.deepEqual(
      accounts.map((a) => a.balance),
      expected.map((units) => ({ accountBalance: formatUnits(units), availableBalance: formatUnits(units) })),
      'balances (all accounts thawed and enabled again)',
    );
    assert.deepEqual(
      accounts.map((a) => a.frozen),
      [false, false, false, false],
    );
    for (const h of hot) assert.deepEqual(await ok('GET', `/v3/ledger/account/block/${h.id}?pageSize=50`), []);
    const vc = await ok('GET', `/v3/ledger/virtualCurrency/${currency}`);
    const issuerBalance = (await ok('GET', `/v3/ledger/account/${issuer.id}`)).balance.accountBalance;
    assert.equal(
      parseUnits(issuerBalance) + sumUnits(accounts.map((a) => parseUnits(a.balance.accountBalance))),
      parseUnits(vc.supply),
      'Σ balances == supply',
    );
    assert.equal(parseUnits(vc.supply), 1000n * ONE + sumUnits(initial));

    // Records: two per successful payment plus the supply's, and exactly those.
    const count = await ok('POST', '/v3/ledger/transaction/ledger?count=true', {});
    assert.equal(count, supplyRecords + 2 * succeeded.length, 'records in the ledger');
    const records: { paymentId: string | null; reference: string; accountId: string; amount: string }[] = [];
    for (let offset = 0; ; offset += 50) {
      const page = await ok('POST', `/v3/ledger/transaction/ledger?pageSize=50&offset=${offset}`, {
        opType: 'PAYMENT',
      });
      records.push(...page);
      if (page.length < 50) break;
    }
    // (Map.groupBy would do, from Node 21 on.)
    const byPaymentId = new Map<string | null, typeof records>();
    for (const record of records)
      byPaymentId.set(record.paymentId, [...(byPaymentId.get(record.paymentId) ?? []), record]);
    const refusedIds = requests
      .filter((r) => r.reply!.status !== 200)
      .flatMap((r) => r.items.map((item) => item.paymentId));
    assert.deepEqual(
      refusedIds.filter((id) => byPaymentId.has(id)),
      [],
      'refused payments that were recorded',
    );
    assert.equal(byPaymentId.size, succeeded.length, 'every recorded payment is a successful one');
    for (const { item, reference } of succeeded) {
      assert.deepEqual(
        (byPaymentId.get(item.paymentId) ?? []).map((r) => [r.reference, r.accountId, parseUnits(r.amount)]),
        [
          [reference, hot[item.sender]!.id, -item.units],
          [reference, hot[item.recipient]!.id, item.units],
        ],
        `records of ${item.paymentId}`,
      );
    }

    // A sample through the by-reference lookup, which a client would use.
    for (let s = 0; s < Math.min(25, succeeded.length); s++) {
      const { item, reference } = succeeded[random.int(succeeded.length)]!;
      const found = await ok('GET', `/v3/ledger/transaction/reference/${reference}`);
      assert.deepEqual(
        found.map((r: { accountId: string; amount: string; transactionType: string; paymentId: string }) => [
          r.accountId,
          parseUnits(r.amount),
          r.transactionType,
          r.paymentId,
        ]),
        [
          [hot[item.sender]!.id, -item.units, 'DEBIT_PAYMENT', item.paymentId],
          [hot[item.recipient]!.id, item.units, 'CREDIT_PAYMENT', item.paymentId],
        ],
      );
    }
  });
});
