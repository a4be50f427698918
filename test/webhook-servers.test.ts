import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, it } from 'node:test';
import { describeOnServerDatabase } from './helpers/server-databases.js';
import { onPostgres } from './helpers/database.js';
import { spawnServer } from './helpers/spawn-server.js';
import { startWebhookReceiver } from './helpers/webhook-receiver.js';

// Two servers on one PostgreSQL share the webhooks by claiming them (docs/decisions/0030-webhook-outbox.md):
// each event is delivered, and none twice. PGlite is opened by one server only.
const API_KEY = `webhook-servers-${randomUUID()}`;
const EVENTS = 1000;

function sharedTests(database: () => Record<string, string>) {
  const servers: Awaited<ReturnType<typeof spawnServer>>[] = [];
  after(() => servers.forEach((server) => server.process.exitCode === null && server.process.kill('SIGKILL')));

  it(`delivers ${EVENTS} events raised on two servers, each once`, { skip: !onPostgres }, async (context) => {
    const receiver = await startWebhookReceiver();
    const headers = { 'x-api-key': API_KEY, 'content-type': 'application/json' };
    const post = async (url: string, path: string, body: object): Promise<any> => {
      const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      assert.equal(response.status, 200, await response.clone().text());
      return response.json();
    };
    const env = { ...database(), LEDGER_API_KEY_TESTNET: API_KEY, LEDGER_WEBHOOK_ALLOW_PRIVATE: 'true' };
    try {
      // One after the other: the first applies the migrations.
      for (let i = 0; i < 2; i++) servers.push(await spawnServer(env));
      const urls = servers.map((server) => server.url);
      const account = await post(urls[0]!, '/v3/ledger/account', { currency: 'BTC', customer: { externalId: 'x' } });
      await post(urls[1]!, '/v3/subscription', {
        type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
        attr: { id: account.id, url: `${receiver.url}/hook` },
      });

      // 16 clients, each deposit reported to one server or the other.
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < EVENTS) {
            const n = next++;
            await post(urls[n % 2]!, '/v3/ledger/deposits', {
              accountId: account.id,
              currency: 'BTC',
              txId: randomBytes(32).toString('hex'),
              index: n,
              amount: '0.001',
              blockHeight: 1,
              status: 'Done',
            });
          }
        }),
      );
      const received = await receiver.waitFor(EVENTS, 120_000);
      // Anything sent twice would arrive within moments of the first.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const ids = received.map((r) => r.headers['x-webhook-id']);
      assert.equal(received.length, EVENTS, 'no event twice');
      assert.equal(new Set(ids).size, EVENTS, 'each event once');
      const indexes = new Set(received.map((r) => JSON.parse(r.body.toString()).index));
      assert.equal(indexes.size, EVENTS, 'every event');

      const delivered = await Promise.all(
        urls.map(async (url) => {
          const text = await (await fetch(`${url}/metrics`)).text();
          return Number(/^ledger_webhooks_delivered_total (\d+)$/m.exec(text)?.[1]);
        }),
      );
      context.diagnostic(`delivered by each server: ${delivered.join(' and ')}`);
      assert.equal(delivered[0]! + delivered[1]!, EVENTS);
      assert.ok(
        delivered.every((count) => count > 0),
        'both servers delivered',
      );
      const pending = await (await fetch(`${urls[0]}/metrics`)).text();
      assert.match(pending, /^ledger_webhooks_pending 0$/m);
    } finally {
      for (const server of servers.splice(0)) assert.equal(await server.stop('SIGTERM'), 0, server.output());
      await receiver.close();
    }
  });
}

describeOnServerDatabase('two servers sharing webhooks', sharedTests);
