import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiKey, createTenant } from '../../src/domain/tenancy/tenancy.service.js';
import { onPostgres } from '../helpers/database.js';
import { appOnDatabase, clientFor, type Reply } from '../helpers/test-app.js';
import { openOwnDatabase, type OwnDatabase } from '../helpers/own-database.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import type { Database } from '../../src/storage/database.js';
import { openPostgres } from '../../src/storage/postgres.js';

// PostgreSQL ends the server's connections (a restart, a failover, an idle timeout) while payments run.
// The server must stay up; a request whose connection was lost answers 503 database.unavailable with
// Retry-After and leaves nothing half-written; every payment answered 200 is recorded; the books
// balance; and the server goes on serving on new connections, with no restart. The test's database is
// its own, so that ending every backend connected to it ends no other test's.

const WORKERS = 8;
const ROUNDS = 3;
/** Payments answered 200 before each termination and after the last: the server is serving. */
const PAID_BETWEEN = 15;

describe('PostgreSQL ending the connections under payment load', { skip: !onPostgres }, () => {
  let own: OwnDatabase;
  let app: FastifyInstance;
  let key: string;

  before(async () => {
    own = await openOwnDatabase(process.env.TEST_DATABASE_URL!);
    app = await appOnDatabase(own.db);
    await createTenant(own.db, 'faults');
    key = (await createApiKey(own.db, 'faults', 'testnet')).key;
  });
  after(async () => {
    await app?.close();
    await own?.close();
  });

  const send = (method: 'GET' | 'POST', url: string, body?: object) =>
    clientFor(app, key).request({ method, url, ...(body ? { payload: body } : {}) });

  it('answers 503 for the requests it lost, keeps every payment it answered 200, and serves on', async (context) => {
    const currency = 'VC_FAULTS';
    const supply = '100000';
    const issuer = (await send('POST', '/v3/ledger/virtualCurrency', { name: currency, supply, basePair: 'EUR' })).body;
    const accounts: string[] = [];
    for (let i = 0; i < 4; i++) {
      const account = (await send('POST', '/v3/ledger/account', { currency })).body;
      accounts.push(account.id);
      const funded = await send('POST', '/v3/ledger/transaction', {
        senderAccountId: issuer.id,
        recipientAccountId: account.id,
        amount: '1000',
      });
      assert.equal(funded.status, 200);
    }

    // Payments among the four accounts until told to stop; each reply is kept with its paymentId.
    const replies: { paymentId: string; reply: Reply }[] = [];
    let paid = 0;
    let waiting: { target: number; resolve: () => void } | undefined;
    const paidAtLeast = (count: number) =>
      new Promise<void>((resolve) => {
        if (paid >= count) resolve();
        else waiting = { target: count, resolve };
      });
    let running = true;
    let next = 0;
    const workers = Array.from({ length: WORKERS }, async () => {
      while (running) {
        const paymentId = `fault-${next++}`;
        const sender = accounts[Math.floor(Math.random() * accounts.length)]!;
        const recipients = accounts.filter((id) => id !== sender);
        const reply = await send('POST', '/v3/ledger/transaction', {
          senderAccountId: sender,
          recipientAccountId: recipients[Math.floor(Math.random() * recipients.length)]!,
          amount: `0.${String(1 + Math.floor(Math.random() * 99)).padStart(2, '0')}`,
          paymentId,
        });
        replies.push({ paymentId, reply });
        if (reply.status === 200 && ++paid >= (waiting?.target ?? Infinity)) {
          waiting!.resolve();
          waiting = undefined;
        }
      }
    });

    let terminated = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      await paidAtLeast(paid + PAID_BETWEEN);
      terminated += await own.terminateBackends();
    }
    // Serving again: payments succeed on new connections after the last termination.
    await paidAtLeast(paid + PAID_BETWEEN);
    running = false;
    await Promise.all(workers);

    const unavailable = replies.filter(({ reply }) => reply.status === 503);
    const unexpected = replies.filter(
      ({ reply }) =>
        reply.status !== 200 &&
        reply.status !== 503 &&
        !(reply.status === 403 && reply.body.errorCode === 'balance.insufficient'),
    );
    context.diagnostic(
      `${replies.length} payments, ${paid} answered 200, ${unavailable.length} answered 503; ${terminated} backends ended in ${ROUNDS} rounds`,
    );
    assert.ok(terminated >= ROUNDS, 'every round ended at least one backend');
    assert.deepEqual(
      unexpected.map(({ reply }) => `${reply.status} ${JSON.stringify(reply.body)}`),
      [],
    );
    for (const { reply } of unavailable) {
      assert.deepEqual(reply.body, {
        statusCode: 503,
        errorCode: 'database.unavailable',
        message: 'The database is unavailable: the connection to it was lost. Retry the request.',
      });
      assert.equal(reply.headers['retry-after'], '1');
    }

    // Every payment answered 200 is there, with both of its records.
    const recorded = await own.db.query<{ payment_id: string; records: number }>(
      `SELECT payment_id, count(*)::int AS records FROM transactions WHERE payment_id LIKE 'fault-%' GROUP BY payment_id`,
    );
    const records = new Map(recorded.map((row) => [row.payment_id, row.records]));
    const missing = replies.filter(({ paymentId, reply }) => reply.status === 200 && records.get(paymentId) !== 2);
    assert.deepEqual(missing, []);
    // Nothing half-written: every payment has both records or none, and every balance is its records' sum.
    assert.deepEqual(
      recorded.filter((row) => row.records !== 2),
      [],
    );
    const unexplained = await own.db.query(
      `SELECT a.id FROM accounts a
        WHERE a.balance <> (SELECT COALESCE(sum(t.amount), 0) FROM transactions t WHERE t.account_id = a.id)`,
    );
    assert.deepEqual(unexplained, []);
    const [total] = await own.db.query<{ sum: string }>(
      'SELECT trim_scale(sum(balance))::text AS sum FROM accounts WHERE currency = $1',
      [currency],
    );
    assert.equal(total!.sum, supply);
    assert.equal((await send('GET', '/ready')).status, 200);
  });
});

describe('PostgreSQL out of reach, then back', { skip: !onPostgres }, () => {
  let own: OwnDatabase;
  let proxy: TcpProxy;
  let db: Database;
  let app: FastifyInstance;
  let key: string;

  before(async () => {
    own = await openOwnDatabase(process.env.TEST_DATABASE_URL!);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    url.pathname = `/${own.name}`;
    db = await openPostgres({ connectionString: url.toString() });
    app = await appOnDatabase(db);
    await createTenant(db, 'partition');
    key = (await createApiKey(db, 'partition', 'testnet')).key;
  });
  after(async () => {
    await app?.close();
    // The database closes through the proxy; the test restored it unless it failed before that.
    await proxy?.restore();
    await db?.close();
    await proxy?.close();
    await own?.close();
  });

  const send = (method: 'GET' | 'POST', url: string, body?: object) =>
    clientFor(app, key).request({ method, url, ...(body ? { payload: body } : {}) });

  it('is not ready and answers 503 while the database is out of reach, and serves again once it is back', async () => {
    const issuer = (
      await send('POST', '/v3/ledger/virtualCurrency', { name: 'VC_GONE', supply: '10', basePair: 'EUR' })
    ).body;
    const recipient = (await send('POST', '/v3/ledger/account', { currency: 'VC_GONE' })).body;
    const payment = { senderAccountId: issuer.id, recipientAccountId: recipient.id, amount: '1' };
    assert.equal((await send('POST', '/v3/ledger/transaction', payment)).status, 200);

    await proxy.cut();
    const ready = await send('GET', '/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.errorCode, 'server.not.ready');
    assert.match(ready.body.message, /database does not answer/);
    for (const reply of [
      await send('POST', '/v3/ledger/transaction', payment),
      await send('GET', `/v3/ledger/account/${recipient.id}`),
    ]) {
      assert.equal(reply.status, 503, JSON.stringify(reply.body));
      assert.equal(reply.body.errorCode, 'database.unavailable');
      assert.equal(reply.headers['retry-after'], '1');
    }

    await proxy.restore();
    assert.equal((await send('GET', '/ready')).status, 200);
    assert.equal((await send('POST', '/v3/ledger/transaction', payment)).status, 200);
    const balance = (await send('GET', `/v3/ledger/account/${recipient.id}/balance`)).body;
    assert.deepEqual(balance, { accountBalance: '2', availableBalance: '2' });
  });
});
