import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiKey, createTenant } from '../../src/domain/tenancy/tenancy.service.js';
import type { Database, Queryable } from '../../src/storage/database.js';
import { onPostgres, openTestDatabase } from '../helpers/database.js';
import { openOwnDatabase, type OwnDatabase } from '../helpers/own-database.js';
import { appOnDatabase } from '../helpers/test-app.js';

// Every path that locks rows, at once on a few shared accounts of two customers: payments, two-item
// batches, activations and deactivations (which lock the customer, then the account), freezes and
// unfreezes, blocks, unblocks with a payment and deletions of all an account's blockages, customer
// disable and enable. With one lock order no transaction waits for another that waits for it:
// PostgreSQL detects no deadlock, the storage layer runs no transaction twice, and nothing answers
// 5xx. The books balance afterwards, and no freeze's blockage outlives its freeze.
//
// It runs LEDGER_SOAK_SECONDS (3 by default on PostgreSQL; 1 on PGlite, where transactions take turns
// on one connection and only the accounting is checked) on a database of its own, so that
// pg_stat_database.deadlocks counts this test's deadlocks and no other's.

const SECONDS = Number(process.env.LEDGER_SOAK_SECONDS ?? (onPostgres ? 3 : 1));
const WORKERS = 16;
const FUNDED = 3;
const REFUSALS = new Set([
  'balance.insufficient',
  'senderAccount.frozen',
  'senderAccount.customer.disabled',
  'senderAccount.not.exists',
  'recipientAccount.not.exists',
  'account.frozen',
  'account.not.frozen',
  'account.active',
  'account.inactive',
  'account.balance.non.zero',
  'account.not.exists',
  'customer.enabled',
  'customer.disabled',
  'blockage.not.exists',
]);

interface Reply {
  status: number;
  body: any;
}

describe('one lock order under concurrent account, blockage and payment traffic', () => {
  let own: OwnDatabase | undefined;
  let db: Database;
  let app: FastifyInstance;
  let key: string;
  let retried = 0;

  before(async () => {
    own = process.env.TEST_DATABASE_URL ? await openOwnDatabase(process.env.TEST_DATABASE_URL) : undefined;
    db = own?.db ?? (await openTestDatabase());
    // The storage layer runs a transaction's work again only after a deadlock or a serialization
    // failure: counting second runs counts what the database's counter would, from this side.
    const transaction = db.transaction.bind(db);
    db.transaction = <T>(work: (tx: Queryable) => Promise<T>) => {
      let runs = 0;
      return transaction((tx) => {
        if (++runs > 1) retried++;
        return work(tx);
      });
    };
    app = await appOnDatabase(db);
    await createTenant(db, 'soak');
    key = (await createApiKey(db, 'soak', 'testnet')).key;
  });
  after(async () => {
    await app?.close();
    if (own) await own.close();
    else await db?.close();
  });

  async function send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: object): Promise<Reply> {
    const response = await app.inject({
      method,
      url,
      headers: { 'x-api-key': key },
      ...(body ? { payload: body } : {}),
    });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  }

  async function ok(method: 'POST' | 'PUT', url: string, body?: object): Promise<any> {
    const reply = await send(method, url, body);
    assert.ok(reply.status === 200 || reply.status === 204, `${method} ${url}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  it('detects no deadlock, retries nothing and answers no 5xx; the books balance', async (context) => {
    const currency = 'VC_SOAK';
    const supply = '1000000';
    const issuer = await ok('POST', '/v3/ledger/virtualCurrency', { name: currency, supply, basePair: 'EUR' });
    // Two customers, each with funded accounts and one empty spare that is activated and deactivated.
    const funded: string[] = [];
    const spares: string[] = [];
    const customers: string[] = [];
    for (const owner of ['soak-a', 'soak-b']) {
      for (let i = 0; i <= FUNDED; i++) {
        const account = await ok('POST', '/v3/ledger/account', { currency, customer: { externalId: owner } });
        if (i === FUNDED) spares.push(account.id);
        else {
          funded.push(account.id);
          await ok('POST', '/v3/ledger/transaction', {
            senderAccountId: issuer.id,
            recipientAccountId: account.id,
            amount: '10000',
          });
        }
        if (i === 0) customers.push(account.customerId);
      }
    }

    const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
    const amount = () => `0.${String(1 + Math.floor(Math.random() * 99)).padStart(2, '0')}`;
    const other = (id: string) => pick(funded.filter((candidate) => candidate !== id));
    const operations: (() => Promise<Reply[]>)[] = [
      async () => {
        const sender = pick(funded);
        return [
          await send('POST', '/v3/ledger/transaction', {
            senderAccountId: sender,
            recipientAccountId: other(sender),
            amount: amount(),
          }),
        ];
      },
      async () => {
        const sender = pick(funded);
        const transaction = [0, 1].map(() => ({ recipientAccountId: other(sender), amount: amount() }));
        return [await send('POST', '/v3/ledger/transaction/batch', { senderAccountId: sender, transaction })];
      },
      async () => [await send('PUT', `/v3/ledger/account/${pick(funded)}/deactivate`)],
      async () => [await send('PUT', `/v3/ledger/account/${pick(funded)}/activate`)],
      async () => {
        const spare = pick(spares);
        return [
          await send('PUT', `/v3/ledger/account/${spare}/deactivate`),
          await send('PUT', `/v3/ledger/account/${spare}/activate`),
        ];
      },
      async () => [await send('PUT', `/v3/ledger/account/${pick(funded)}/freeze`)],
      async () => [await send('PUT', `/v3/ledger/account/${pick(funded)}/unfreeze`)],
      async () => {
        const account = pick(funded);
        const blocked = await send('POST', `/v3/ledger/account/block/${account}`, { type: 'SOAK', amount: '0.5' });
        if (blocked.status !== 200) return [blocked];
        const unblocked = await send('PUT', `/v3/ledger/account/block/${blocked.body.id}`, {
          recipientAccountId: other(account),
          amount: '0.25',
        });
        // A refused unblock (a frozen sender) leaves the blockage; it goes so that deactivation can run.
        if (unblocked.status === 200) return [blocked, unblocked];
        return [blocked, unblocked, await send('DELETE', `/v3/ledger/account/block/${blocked.body.id}`)];
      },
      async () => [await send('DELETE', `/v3/ledger/account/block/account/${pick(funded)}`)],
      async () => {
        const customer = pick(customers);
        return [
          await send('PUT', `/v3/ledger/customer/${customer}/disable`),
          await send('PUT', `/v3/ledger/customer/${customer}/enable`),
        ];
      },
    ];

    const counts = new Map<string, number>();
    const unexpected: string[] = [];
    let slowest = 0;
    let requests = 0;
    const deadline = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (performance.now() < deadline) {
          const started = performance.now();
          const replies = await pick(operations)();
          slowest = Math.max(slowest, (performance.now() - started) / replies.length);
          for (const { status, body } of replies) {
            requests++;
            const label = status >= 400 ? `${status} ${body?.errorCode}` : String(status);
            counts.set(label, (counts.get(label) ?? 0) + 1);
            const expected = status === 200 || status === 204 || (status === 403 && REFUSALS.has(body?.errorCode));
            if (!expected && unexpected.length < 10) unexpected.push(`${status} ${JSON.stringify(body)}`);
          }
        }
      }),
    );

    // Whatever was refused or done, every balance is its records' sum and every blocked sum its
    // blockages'; the currency's accounts hold exactly its supply.
    const unexplained = await db.query(
      `SELECT a.id FROM accounts a
        WHERE a.balance <> (SELECT COALESCE(sum(t.amount), 0) FROM transactions t WHERE t.account_id = a.id)
           OR a.blocked <> (SELECT COALESCE(sum(b.amount), 0) FROM blockages b WHERE b.account_id = a.id)`,
    );
    // A freeze's own blockage lives exactly as long as the freeze: unfreeze deletes it, even when the
    // freeze committed while the unfreeze waited for the account.
    const thawedButHeld = await db.query(
      `SELECT b.id FROM blockages b JOIN accounts a ON a.id = b.account_id WHERE b.account_freeze AND NOT a.frozen`,
    );
    const [total] = await db.query<{ sum: string }>(
      'SELECT trim_scale(sum(balance))::text AS sum FROM accounts WHERE currency = $1',
      [currency],
    );
    await app.close();
    const deadlocks = own ? await own.closeAndCountDeadlocks() : 0;

    const summary = [...counts].map(([label, n]) => `${label}: ${n}`).join(', ');
    context.diagnostic(
      `${onPostgres ? 'PostgreSQL' : 'PGlite'}, ${SECONDS} s, ${WORKERS} workers: ${requests} requests (${summary}); ` +
        `slowest ${Math.round(slowest)} ms; ${deadlocks} deadlocks, ${retried} transactions run again`,
    );
    assert.deepEqual(unexpected, []);
    assert.equal(deadlocks, 0, 'deadlocks detected by PostgreSQL');
    assert.equal(retried, 0, 'transactions run again after a deadlock or serialization failure');
    assert.deepEqual(unexplained, []);
    assert.deepEqual(thawedButHeld, []);
    assert.equal(total!.sum, supply);
  });
});
