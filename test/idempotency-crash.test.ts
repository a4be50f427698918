import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, it } from 'node:test';
import { describeOnServerDatabase } from './helpers/server-databases.js';
import { spawnServer } from './helpers/spawn-server.js';

// A keyed payment, its key and its answer commit together (README, "Retrying safely"). Real crashes: the
// server process is killed (SIGKILL, through the LEDGER_TEST_CRASH_AT fault point) right after the
// commit of a keyed payment, before its answer goes out, or right before that commit; a new server on
// the same data then gets the client's retry with the same key.
const API_KEY = `crash-test-${randomUUID()}`;

function crashTests(database: () => Record<string, string>) {
  const servers: Awaited<ReturnType<typeof spawnServer>>[] = [];
  // A failed assertion must not leave a server running: the test process would wait for it.
  after(() => servers.forEach((server) => server.process.exitCode === null && server.process.kill('SIGKILL')));
  it('pays once and answers the same after a crash after the commit, and pays once after a crash before it', async () => {
    const headers = { 'x-api-key': API_KEY, 'content-type': 'application/json' };
    // Bodies as the client reads them; the assertions say what they must hold.
    const json = async (response: Response | Promise<Response>): Promise<any> => (await response).json();
    const call = (url: string, path: string, body: object, key?: string) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: key === undefined ? headers : { ...headers, 'idempotency-key': key },
        body: JSON.stringify(body),
      });
    const afterCommit = randomUUID();
    const beforeCommit = randomUUID();
    const start = async (crashAt?: string) => {
      const server = await spawnServer({
        ...database(),
        LEDGER_API_KEY_TESTNET: API_KEY,
        ...(crashAt === undefined ? {} : { LEDGER_TEST_CRASH_AT: crashAt }),
      });
      servers.push(server);
      return server;
    };
    const crashed = async (server: Awaited<ReturnType<typeof start>>, answer: Promise<Response>) => {
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        server.process.once('exit', (_code, signal) => resolve(signal)),
      );
      await assert.rejects(answer, 'the client got no answer');
      assert.equal(await exited, 'SIGKILL', server.output());
    };

    const first = await start(`after-commit:${afterCommit}`);
    const issuer = await json(
      call(first.url, '/v3/ledger/virtualCurrency', { name: 'VC_CRASH', supply: '100', basePair: 'EUR' }),
    );
    const recipient = await json(call(first.url, '/v3/ledger/account', { currency: 'VC_CRASH' }));
    assert.ok(issuer.id && recipient.id, first.output());
    const payment = { senderAccountId: issuer.id, recipientAccountId: recipient.id, amount: '1' };
    await crashed(first, call(first.url, '/v3/ledger/transaction', payment, afterCommit));

    const state = async (url: string) => {
      const balance = await json(fetch(`${url}/v3/ledger/account/${recipient.id}/balance`, { headers }));
      const records = await json(call(url, '/v3/ledger/transaction/account?pageSize=50', { id: recipient.id }));
      return { balance: balance.accountBalance, references: records.map((r: { reference: string }) => r.reference) };
    };

    const second = await start(`before-commit:${beforeCommit}`);
    const retried = await call(second.url, '/v3/ledger/transaction', payment, afterCommit);
    assert.equal(retried.status, 200);
    assert.equal(retried.headers.get('idempotent-replayed'), 'true', 'the committed payment was answered again');
    const { reference } = await json(retried);
    assert.deepEqual(await state(second.url), { balance: '1', references: [reference] });
    await crashed(second, call(second.url, '/v3/ledger/transaction', payment, beforeCommit));

    const third = await start();
    try {
      assert.deepEqual(await state(third.url), { balance: '1', references: [reference] }, 'nothing of the cut payment');
      const rerun = await call(third.url, '/v3/ledger/transaction', payment, beforeCommit);
      assert.equal(rerun.status, 200);
      assert.equal(rerun.headers.get('idempotent-replayed'), null, 'the cut payment ran afresh');
      const paid = await json(rerun);
      const again = await call(third.url, '/v3/ledger/transaction', payment, beforeCommit);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await json(again), paid);
      const after = await state(third.url);
      assert.equal(after.balance, '2');
      assert.deepEqual([...after.references].sort(), [reference, paid.reference].sort());
    } finally {
      assert.equal(await third.stop('SIGTERM'), 0, third.output());
    }
  });
}

describeOnServerDatabase('a keyed payment across a server crash', crashTests);
