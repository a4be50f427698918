import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, it } from 'node:test';
import { describeOnServerDatabase } from './helpers/server-databases.js';
import { spawnServer } from './helpers/spawn-server.js';
import { startWebhookReceiver } from './helpers/webhook-receiver.js';

// A webhook is written in the transaction of the deposit that raises it (docs/decisions/0030-webhook-outbox.md):
// a server killed (SIGKILL, through the LEDGER_TEST_CRASH_AT fault point) right after the deposit's commit,
// before its answer and before any delivery, leaves it to the next server, which delivers it.
const API_KEY = `webhook-crash-${randomUUID()}`;

function crashTests(database: () => Record<string, string>) {
  const servers: Awaited<ReturnType<typeof spawnServer>>[] = [];
  after(() => servers.forEach((server) => server.process.exitCode === null && server.process.kill('SIGKILL')));

  it('delivers the webhook of a deposit committed just before a crash, once the server is back', async () => {
    const receiver = await startWebhookReceiver();
    const headers = { 'x-api-key': API_KEY, 'content-type': 'application/json' };
    const call = (url: string, method: string, path: string, body?: object, key?: string): Promise<Response> =>
      fetch(`${url}${path}`, {
        method,
        headers: key === undefined ? headers : { ...headers, 'idempotency-key': key },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const start = async (crashAt?: string) => {
      const server = await spawnServer({
        ...database(),
        LEDGER_API_KEY_TESTNET: API_KEY,
        LEDGER_WEBHOOK_ALLOW_PRIVATE: 'true',
        ...(crashAt === undefined ? {} : { LEDGER_TEST_CRASH_AT: crashAt }),
      });
      servers.push(server);
      return server;
    };
    try {
      const key = randomUUID();
      const first = await start(`after-commit:${key}`);
      const account: any = await (
        await call(first.url, 'POST', '/v3/ledger/account', { currency: 'BTC', customer: { externalId: 'crash' } })
      ).json();
      const subscribed = await call(first.url, 'POST', '/v3/subscription', {
        type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
        attr: { id: account.id, url: `${receiver.url}/hook` },
      });
      assert.equal(subscribed.status, 200, first.output());
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        first.process.once('exit', (_code, signal) => resolve(signal)),
      );
      const report = {
        accountId: account.id,
        currency: 'BTC',
        txId: randomBytes(32).toString('hex'),
        index: 0,
        amount: '0.25',
        blockHeight: 100,
        status: 'Done',
      };
      await assert.rejects(call(first.url, 'POST', '/v3/ledger/deposits', report, key), 'the client got no answer');
      assert.equal(await exited, 'SIGKILL', first.output());
      assert.equal(receiver.received.length, 0, 'nothing was delivered before the crash');

      const second = await start();
      try {
        const [delivered] = await receiver.waitFor(1);
        const payload = JSON.parse(delivered!.body.toString());
        assert.equal(payload.subscriptionType, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION');
        assert.equal(payload.txId, report.txId);
        assert.equal(payload.amount, '0.25');
        const balance: any = await (await call(second.url, 'GET', `/v3/ledger/account/${account.id}/balance`)).json();
        assert.equal(balance.accountBalance, '0.25', 'credited once');
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.equal(receiver.received.length, 1, 'delivered once');
        const [record] = (await (
          await call(second.url, 'GET', '/v3/subscription/webhook?pageSize=10')
        ).json()) as any[];
        assert.equal(record.id, delivered!.headers['x-webhook-id']);
        assert.equal(record.failed, false);
        assert.equal(record.retryCount, 0);
      } finally {
        assert.equal(await second.stop('SIGTERM'), 0, second.output());
      }
    } finally {
      await receiver.close();
    }
  });
}

describeOnServerDatabase('a webhook across a server crash', crashTests);
