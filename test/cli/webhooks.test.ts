import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import { createApiKey, createTenant } from '../../src/domain/tenancy/tenancy.service.js';
import type { WebhookStats } from '../../src/domain/webhooks/webhook-worker.js';
import { externalId } from '../helpers/ledger-fixtures.js';
import { openForTest } from '../helpers/lifetime.js';
import { clientFor, startLedgerApp, type LedgerClient, type TestAppOptions } from '../helpers/test-app.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { startTestCli, tenantName, type TestCli } from './test-cli.js';

// Webhooks raised as a server raises them: an account, a subscription to its incoming deposits and a
// credited deposit, each through the API; tried by the server's own worker. The command line then works
// on the same database with the server stopped, as it must on PGlite.

interface Listed {
  id: string;
  type: string;
  url: string;
  status: string;
  tries: number;
  failed: boolean;
  response: { code?: number; data?: string; networkError: boolean };
  nextAt: string | null;
  triedAt: string | null;
  deliveredAt: string | null;
}

/** A database for the command line, closed after the test, with a tenant whose testnet key is `key`. */
async function setUp(context: TestContext): Promise<{ cli: TestCli; tenant: string; key: string }> {
  const cli = await openForTest(context, startTestCli);
  const tenant = tenantName('hooks');
  await createTenant(cli.db, tenant);
  await createApiKey(cli.db, tenant, 'mainnet');
  return { cli, tenant, key: (await createApiKey(cli.db, tenant, 'testnet')).key };
}

/**
 * Runs `work` with a server on the CLI's database, which it stops before it resolves, also when `work`
 * throws. `tries(n)` resolves to the server's webhook counts once its worker has made n tries; the
 * counts start with the server, so no try can come before they are looked at.
 */
async function withServer<T>(
  cli: TestCli,
  key: string,
  options: TestAppOptions,
  work: (client: LedgerClient, tries: (count: number) => Promise<WebhookStats>) => Promise<T>,
): Promise<T> {
  const server = await startLedgerApp(cli.db, options);
  try {
    return await work(clientFor(server.app, key), (count) => triesMade(server.ledger.webhooks, count));
  } finally {
    await server.close();
  }
}

/** The worker's counts once it has made `count` tries; fails after a generous 30 s. */
async function triesMade(worker: { stats: WebhookStats }, count: number): Promise<WebhookStats> {
  const deadline = Date.now() + 30_000;
  const made = () => worker.stats.delivered + worker.stats.failedTries;
  while (made() < count) {
    if (Date.now() > deadline) throw new Error(`the worker made ${made()} tries, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { ...worker.stats };
}

/** One webhook raised: an account, a subscription of its incoming deposits to `url`, a credited deposit. */
async function raiseWebhook(client: LedgerClient, url: string): Promise<string> {
  const account = await client.post('/v3/ledger/account', {
    currency: 'BTC',
    customer: { externalId: externalId('hooks') },
  });
  assert.equal(account.status, 200, JSON.stringify(account.body));
  const subscription = await client.post('/v3/subscription', {
    type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
    attr: { id: account.body.id, url },
  });
  assert.equal(subscription.status, 200, JSON.stringify(subscription.body));
  await deposit(client, account.body.id);
  return account.body.id as string;
}

async function deposit(client: LedgerClient, accountId: string): Promise<void> {
  const reply = await client.post('/v3/ledger/deposits', {
    accountId,
    currency: 'BTC',
    txId: randomBytes(32).toString('hex'),
    index: 0,
    amount: '0.001',
    blockHeight: 1,
    status: 'Done',
  });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
}

async function listJson(cli: TestCli, tenant: string, ...argv: string[]): Promise<Listed[]> {
  const { code, stdout, stderr } = await cli.run('webhooks', 'list', '--tenant', tenant, '--json', ...argv);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout) as Listed[];
}

const LOOPBACK_HOOK = 'http://127.0.0.1:9/hook';

describe('ledger webhooks', () => {
  it('lists a webhook whose try failed as failing, with its network error; retry makes it due now', async (t) => {
    const { cli, tenant, key } = await setUp(t);
    // The server refuses loopback destinations by default: the first try fails at once.
    await withServer(cli, key, {}, async (client, tries) => {
      await raiseWebhook(client, LOOPBACK_HOOK);
      assert.equal((await tries(1)).failedTries, 1);
    });

    const [listed, ...others] = await listJson(cli, tenant);
    assert.equal(others.length, 0);
    const webhook = listed!;
    assert.equal(webhook.type, 'INCOMING_BLOCKCHAIN_HOOK');
    assert.equal(webhook.status, 'failing');
    assert.equal(webhook.tries, 1);
    assert.equal(webhook.response.networkError, true);
    assert.match(webhook.response.data!, /not a public address/);
    // Retried 15 s after the failed try (docs/decisions/0030-webhook-outbox.md).
    assert.ok(Date.parse(webhook.nextAt!) - Date.parse(webhook.triedAt!) >= 14_000, JSON.stringify(webhook));

    const table = await cli.run('webhooks', 'list', '--tenant', tenant);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID +TYPE +STATUS +NEXT TRY +TRIES +URL +LAST RESPONSE$/);
    assert.equal(lines.length, 2);
    assert.match(
      lines[1]!,
      new RegExp(
        `^${webhook.id} +INCOMING_BLOCKCHAIN_HOOK +failing +${webhook.nextAt!.slice(0, 19)}Z +1 +${LOOPBACK_HOOK} +network error: 127\\.0\\.0\\.1 `,
      ),
    );
    assert.deepEqual(
      (await listJson(cli, tenant, '--failing')).map((w) => w.id),
      [webhook.id],
    );

    const before = Date.now();
    const retried = await cli.run('webhooks', 'retry', webhook.id, '--tenant', tenant);
    assert.equal(retried.code, 0, retried.stderr);
    assert.equal(
      retried.stdout,
      `Webhook ${webhook.id} in tenant '${tenant}', testnet ledger is due now (1 try so far).\n` +
        'A running server tries it now; on PGlite, the server tries it when it starts.\n',
    );
    const [due] = await listJson(cli, tenant);
    // Due now, by the database's clock; its tries and last response are left to the next try.
    assert.ok(Math.abs(Date.parse(due!.nextAt!) - before) < 10_000, `${due!.nextAt} is not about now`);
    assert.ok(Date.parse(due!.nextAt!) < Date.parse(webhook.nextAt!));
    assert.deepEqual({ ...due, nextAt: webhook.nextAt }, webhook);

    // A server started now finds it due and tries it: its second try, recorded as any other.
    await withServer(cli, key, {}, async (client, tries) => {
      assert.deepEqual(await tries(1), { delivered: 0, failedTries: 1, retries: 1, givenUp: 0 });
      const record = await client.get('/v3/subscription/webhook?pageSize=10');
      assert.equal(record.status, 200, JSON.stringify(record.body));
      assert.deepEqual(
        record.body.map((w: { id: string; retryCount: number; attempts: unknown[] }) => [
          w.id,
          w.retryCount,
          w.attempts.length,
        ]),
        [[webhook.id, 1, 2]],
      );
    });
    const [again] = await listJson(cli, tenant);
    assert.deepEqual([again!.status, again!.tries], ['failing', 2]);
  });

  it('retries a webhook given up after its last try: due now, and one more try', async (t) => {
    const { cli, tenant, key } = await setUp(t);
    // No wait between tries: the ten tries of the schedule are made at once.
    const quick: TestAppOptions = { guards: { webhooks: { retryBaseMs: 0 } } };
    await withServer(cli, key, quick, async (client, tries) => {
      await raiseWebhook(client, LOOPBACK_HOOK);
      assert.deepEqual(await tries(10), { delivered: 0, failedTries: 10, retries: 9, givenUp: 1 });
    });

    const [webhook] = await listJson(cli, tenant, '--failing');
    assert.deepEqual([webhook!.status, webhook!.tries, webhook!.nextAt], ['given up', 10, null]);
    const table = await cli.run('webhooks', 'list', '--tenant', tenant);
    assert.match(table.stdout, new RegExp(`\n${webhook!.id} +INCOMING_BLOCKCHAIN_HOOK +given up +- +10 +`));

    const retried = await cli.run('webhooks', 'retry', webhook!.id, '--tenant', tenant, '--json');
    assert.equal(retried.code, 0, retried.stderr);
    const due = JSON.parse(retried.stdout) as Listed;
    assert.deepEqual([due.id, due.status, due.tries], [webhook!.id, 'failing', 10]);
    assert.notEqual(due.nextAt, null);

    await withServer(cli, key, quick, async (_client, tries) => {
      assert.deepEqual(await tries(1), { delivered: 0, failedTries: 1, retries: 1, givenUp: 1 });
    });
    const [after] = await listJson(cli, tenant);
    assert.deepEqual([after!.status, after!.tries, after!.nextAt], ['given up', 11, null]);
  });

  it('lists delivered webhooks newest first, and refuses to retry one, or an id the ledger has not', async (t) => {
    const { cli, tenant, key } = await setUp(t);
    const receiver = await startWebhookReceiver();
    try {
      await withServer(cli, key, { guards: { webhooks: { allowPrivate: true } } }, async (client, tries) => {
        const accountId = await raiseWebhook(client, `${receiver.url}/hook`);
        // One at a time: the receiver gets them in the order they were raised.
        await tries(1);
        await deposit(client, accountId);
        assert.equal((await tries(2)).delivered, 2);
      });
    } finally {
      await receiver.close();
    }
    assert.equal(receiver.received.length, 2);
    const newestFirst = receiver.received.map((r) => String(r.headers['x-webhook-id'])).reverse();

    const webhooks = await listJson(cli, tenant);
    assert.deepEqual(
      webhooks.map((w) => w.id),
      newestFirst,
    );
    assert.deepEqual(
      webhooks.map((w) => [w.status, w.tries, w.nextAt, w.response]),
      Array(2).fill(['delivered', 1, null, { code: 200, data: 'OK', networkError: false }]),
    );
    const table = await cli.run('webhooks', 'list', '--tenant', tenant, '--limit', '1');
    assert.equal(table.code, 0, table.stderr);
    assert.match(
      table.stdout,
      new RegExp(
        `^ID .*\n${newestFirst[0]} +INCOMING_BLOCKCHAIN_HOOK +delivered +- +1 +${receiver.url}/hook +200 OK\n$`,
      ),
    );
    assert.equal(
      (await cli.run('webhooks', 'list', '--tenant', tenant, '--failing')).stdout,
      `No failing webhooks in tenant '${tenant}', testnet ledger.\n`,
    );
    assert.equal(
      (await cli.run('webhooks', 'list', '--tenant', tenant, '--network', 'mainnet')).stdout,
      `No webhooks in tenant '${tenant}', mainnet ledger.\n`,
    );

    const delivered = webhooks[0]!;
    assert.deepEqual(await cli.run('webhooks', 'retry', delivered.id, '--tenant', tenant), {
      code: 1,
      stdout: '',
      stderr: `ledger: The webhook '${delivered.id}' was delivered at ${delivered.deliveredAt}; it is not sent again.\n`,
    });
    // An id of another ledger is unknown in this one.
    for (const [id, network] of [
      ['nothing-here', 'testnet'],
      [delivered.id, 'mainnet'],
    ] as const) {
      assert.deepEqual(await cli.run('webhooks', 'retry', id, '--tenant', tenant, '--network', network), {
        code: 1,
        stdout: '',
        stderr: `ledger: No webhook with id '${id}' in this ledger.\n`,
      });
    }
    assert.deepEqual(await listJson(cli, tenant), webhooks, 'refused retries change nothing');
  });

  it('refuses a bad command line with exit code 2 and an unknown tenant with exit code 1', async (t) => {
    const { cli, tenant } = await setUp(t);
    for (const argv of [
      ['list', '--limit', '0'],
      ['list', '--limit', '1001'],
      ['list', '--limit', 'all'],
      ['list', '--network', 'devnet'],
      ['retry'],
      ['retry', 'a', 'b'],
    ]) {
      const { code, stdout, stderr } = await cli.run('webhooks', ...argv, '--tenant', tenant);
      assert.equal(code, 2, argv.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, new RegExp(`^ledger: .+\nRun 'ledger webhooks ${argv[0]} --help' for usage\\.\n$`));
    }
    for (const command of ['list', 'retry some-id']) {
      assert.deepEqual(await cli.run('webhooks', ...command.split(' '), '--tenant', 'nobody-here'), {
        code: 1,
        stdout: '',
        stderr: "ledger: No tenant named 'nobody-here'.\n",
      });
    }
  });
});
