import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { externalId } from '../helpers/ledger-fixtures.js';
import { testApp, type LedgerClient, type Reply, type TestApp } from '../helpers/test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

// Webhooks as a receiver gets them (docs/decisions/0030-webhook-outbox.md, 0031-webhook-hmac.md,
// 0032-webhook-destinations.md): a real HTTP server on loopback, the ledger's own worker posting to it.
const RECIPIENT = 'tb1q8gk5z3dy7zv9ywe7synlrk58elz4hrne29cpdj';
const SECRET = '1f7f7c0c-3906-4aa1-9dfe-4175090dd4e8';

function ok(reply: Reply, status = 200): any {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  return reply.body;
}

const txId = () => randomBytes(32).toString('hex');

async function btcAccount(api: LedgerClient): Promise<{ id: string; customerId: string }> {
  return ok(await api.post('/v3/ledger/account', { currency: 'BTC', customer: { externalId: externalId('hook') } }));
}

async function subscribe(api: LedgerClient, type: string, attr: object): Promise<string> {
  return ok(await api.post('/v3/subscription', { type, attr })).id;
}

function deposit(api: LedgerClient, accountId: string, fields: object) {
  return api.post('/v3/ledger/deposits', {
    accountId,
    currency: 'BTC',
    txId: txId(),
    index: 3,
    amount: '0.00500',
    blockHeight: 812_345,
    status: 'Done',
    ...fields,
  });
}

/** The ledger's executed-webhook records, newest first. */
async function executed(api: LedgerClient): Promise<any[]> {
  return ok(await api.get('/v3/subscription/webhook?pageSize=50'));
}

/** Waits until `done` holds of the records (the worker writes a try's outcome after the receiver answered). */
async function recordsWhen(api: LedgerClient, done: (records: any[]) => boolean, timeoutMs = 20_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await executed(api);
    if (done(records)) return records;
    if (Date.now() > deadline) assert.fail(`records did not settle: ${JSON.stringify(records)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function withReceiver<T>(receiver: WebhookReceiver, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await receiver.close();
  }
}

const allowLoopback = (webhooks: object = {}) => ({ guards: { webhooks: { allowPrivate: true, ...webhooks } } });

describe('webhook delivery', () => {
  it('posts the documented payloads, signed over the exact bytes received, once each', async (context) => {
    const receiver = await startWebhookReceiver();
    await withReceiver(receiver, async () => {
      const t = await testApp(context, allowLoopback());
      const api = t.client();
      const account = await btcAccount(api);
      const url = `${receiver.url}/hooks/ledger`;
      const incoming = await subscribe(api, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: account.id, url });
      const pending = await subscribe(api, 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION', { id: account.id, url });
      const inBlock = await subscribe(api, 'TRANSACTION_IN_THE_BLOCK', { url });
      ok(await api.put('/v3/subscription', { hmacSecret: SECRET }), 204);

      // Seen in a block, then credited: pending, then incoming.
      const chainTx = txId();
      const report = { txId: chainTx, blockHash: 'ab'.repeat(32), from: 'tb1qsender' };
      ok(await deposit(api, account.id, { ...report, status: 'InProgress' }));
      const credited = ok(await deposit(api, account.id, { ...report, status: 'Done' }));
      // A report again changes nothing and raises nothing.
      ok(await deposit(api, account.id, { ...report, status: 'Done' }));

      const withdrawal = ok(
        await api.post('/v3/offchain/withdrawal', {
          senderAccountId: account.id,
          address: RECIPIENT,
          amount: '0.001',
          fee: '0.0001',
        }),
      );
      ok(await api.put(`/v3/offchain/withdrawal/${withdrawal.id}/${'cd'.repeat(32)}`), 204);

      const received = await receiver.waitFor(3);
      await recordsWhen(api, (records) => records.length === 3 && records.every((r) => r.timestamp !== null));
      const byType = new Map(received.map((r) => [JSON.parse(r.body.toString()).subscriptionType, r]));

      // Pending and incoming carry the same fields (docs/decisions/0029-subscriptions.md), the type apart.
      const depositPayload = (subscriptionType: string) => (date: number) => ({
        date,
        amount: '0.005',
        currency: 'BTC',
        subscriptionType,
        accountId: account.id,
        reference: credited.reference,
        txId: chainTx,
        blockHash: 'ab'.repeat(32),
        blockHeight: 812_345,
        from: 'tb1qsender',
        index: 3,
      });
      const expected = {
        ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION: depositPayload('ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION'),
        ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION: depositPayload('ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION'),
        TRANSACTION_IN_THE_BLOCK: () => ({
          txId: 'cd'.repeat(32),
          reference: withdrawal.reference,
          accountId: account.id,
          currency: 'BTC',
          withdrawalId: withdrawal.id,
          address: RECIPIENT,
          amount: '0.001',
          subscriptionType: 'TRANSACTION_IN_THE_BLOCK',
        }),
      };
      const records = await executed(api);
      for (const [type, payload] of Object.entries(expected)) {
        const got = byType.get(type);
        assert.ok(got, `a ${type} webhook arrived`);
        const text = got.body.toString('utf8');
        const body = JSON.parse(text);
        // The exact bytes: compact JSON, fields in the documented order, as a receiver re-serialises it.
        assert.equal(text, JSON.stringify(payload(body.date)));
        if ('date' in body)
          assert.ok(Math.abs(body.date - Date.now()) < 60_000, 'date is the time of the event, in ms');
        assert.equal(got.headers['content-type'], 'application/json');
        assert.equal(got.headers['x-payload-hash'], createHmac('sha512', SECRET).update(got.body).digest('base64'));
        assert.equal(got.headers['x-payload-hash']!.length, 88);
        const record = records.find((r) => r.id === got.headers['x-webhook-id']);
        assert.ok(record, 'x-webhook-id names the executed-webhook record');
        assert.deepEqual(record.data, body);
        assert.equal(record.url, url);
        assert.equal(record.failed, false);
        assert.equal(record.retryCount, 0);
        assert.deepEqual(record.response, { code: 200, data: 'OK', networkError: false });
        assert.equal(record.nextTime, null);
        assert.equal(
          record.subscriptionId,
          { ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION: pending, ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION: incoming }[
            type as 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION'
          ] ?? inBlock,
        );
      }
      assert.deepEqual(records.map((r) => r.type).sort(), [
        'INCOMING_BLOCKCHAIN_HOOK',
        'PENDING_BLOCKCHAIN_HOOK',
        'TRANSACTION_IN_THE_BLOCK',
      ]);

      // HMAC off: the next webhook has no x-payload-hash.
      ok(await api.delete('/v3/subscription'), 204);
      ok(await deposit(api, account.id, {}));
      const [, , , unsigned] = await receiver.waitFor(4);
      assert.equal(unsigned!.headers['x-payload-hash'], undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(receiver.received.length, 4, 'each event once');
    });
  });

  it('tries again after a 500 and records the failed try and the success', async (context) => {
    const receiver = await startWebhookReceiver((index) => (index === 0 ? 500 : 200));
    await withReceiver(receiver, async () => {
      const t = await testApp(context, allowLoopback({ retryBaseMs: 300 }));
      const api = t.client();
      const account = await btcAccount(api);
      await subscribe(api, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: account.id, url: `${receiver.url}/h` });
      ok(await deposit(api, account.id, {}));
      const [first, second] = await receiver.waitFor(2);
      assert.ok(second!.at - first!.at >= 250, 'the retry waited for its delay');
      assert.equal(second!.headers['x-webhook-id'], first!.headers['x-webhook-id'], 'one event, one id');
      assert.deepEqual(second!.body, first!.body, 'the same bytes');
      const [record] = await recordsWhen(api, (records) => records[0]?.retryCount === 1);
      assert.equal(record.failed, false);
      assert.equal(record.nextTime, null);
      assert.deepEqual(record.response, { code: 200, data: 'OK', networkError: false });
      assert.deepEqual(
        record.attempts.map((a: any) => a.response),
        [
          { code: 500, data: 'refused 500', networkError: false },
          { code: 200, data: 'OK', networkError: false },
        ],
      );
      assert.equal(record.timestamp, record.attempts[1].timestamp);
      assert.equal(ok(await api.get('/v3/subscription/webhook/count?pageSize=50&failed=true')).total, 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(receiver.received.length, 2, 'delivered: not tried again');
    });
  });

  it('gives up after the 10th try, and lists it as failed', async (context) => {
    const receiver = await startWebhookReceiver(() => 503);
    await withReceiver(receiver, async () => {
      const t = await testApp(context, allowLoopback({ retryBaseMs: 1 }));
      const api = t.client();
      const account = await btcAccount(api);
      await subscribe(api, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: account.id, url: `${receiver.url}/h` });
      ok(await deposit(api, account.id, {}));
      // 1 ms · 2.7925^(n−1): the 9 retries take about 5.8 s.
      const [record] = await recordsWhen(
        api,
        (records) => records[0]?.retryCount === 9 && records[0].nextTime === null,
      );
      assert.equal(record.failed, true);
      assert.equal(record.attempts.length, 10);
      assert.deepEqual(record.response, { code: 503, data: 'refused 503', networkError: false });
      assert.equal(receiver.received.length, 10);
      assert.equal(ok(await api.get('/v3/subscription/webhook/count?pageSize=50&failed=true')).total, 1);
      const gaps = receiver.received.slice(1).map((r, i) => r.at - receiver.received[i]!.at);
      assert.ok(gaps[8]! > gaps[0]!, `the delays grow: ${gaps.map(Math.round).join(', ')} ms`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(receiver.received.length, 10, 'no 11th try');
    });
  });

  it('cuts a receiver that never answers at 10 s while the API goes on answering', async (context) => {
    const receiver = await startWebhookReceiver(() => 'never');
    await withReceiver(receiver, async () => {
      const t = await testApp(context, allowLoopback());
      const api = t.client();
      const account = await btcAccount(api);
      // More hung receivers than the worker has delivery slots (16).
      for (let i = 0; i < 20; i++)
        await subscribe(api, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', {
          id: account.id,
          url: `${receiver.url}/${i}`,
        });
      const timed = async () => {
        const started = performance.now();
        ok(await api.get(`/v3/ledger/account/${account.id}/balance`));
        return performance.now() - started;
      };
      const before: number[] = [];
      for (let i = 0; i < 50; i++) before.push(await timed());
      ok(await deposit(api, account.id, {}));
      const [first] = await receiver.waitFor(16);
      const during: number[] = [];
      for (let i = 0; i < 50; i++) during.push(await timed());
      const answeredBy = performance.now() - first!.at;
      const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!.toFixed(1);
      context.diagnostic(
        `API latency, median of 50: ${median(before)} ms before, ${median(during)} ms with 16 hung deliveries`,
      );
      assert.ok(answeredBy < 10_000, 'the API answered while every delivery slot hung');

      const records = await recordsWhen(
        api,
        (r) => r.filter((x) => x.timestamp !== null && x.failed).length >= 16,
        30_000,
      );
      const cut = records.filter((r) => r.failed);
      for (const record of cut) {
        assert.deepEqual(record.response, { data: 'no answer within 10 s', networkError: true });
        assert.equal(record.retryCount, 0);
        assert.ok(record.nextTime > record.timestamp + 10_000, 'tried again 15 s after the cut');
      }
      const cutAfter = performance.now() - first!.at;
      assert.ok(cutAfter >= 9_900, `the first tries were cut after ${Math.round(cutAfter)} ms`);
      // The other 4 got their slot once the first were cut.
      await receiver.waitFor(20, 15_000);
    });
  });
});

describe('webhook destinations', () => {
  it('refuses loopback, private, link-local and names resolving to loopback by default', async (context) => {
    const receiver = await startWebhookReceiver();
    await withReceiver(receiver, async () => {
      const t: TestApp = await testApp(context);
      const api = t.client();
      const account = await btcAccount(api);
      const port = new URL(receiver.url).port;
      const urls = [
        `http://127.0.0.1:${port}/hook`,
        'http://169.254.169.254/latest/meta-data/',
        'http://10.0.0.1/hook',
        `http://localhost:${port}/hook`,
        `http://[::1]:${port}/hook`,
        `http://[::ffff:127.0.0.1]:${port}/hook`,
      ];
      for (const url of urls) await subscribe(api, 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', { id: account.id, url });
      ok(await deposit(api, account.id, {}));
      const records = await recordsWhen(api, (r) => r.length === urls.length && r.every((x) => x.timestamp !== null));
      for (const record of records) {
        assert.equal(record.failed, true, record.url);
        assert.equal(record.response.networkError, true);
        assert.match(record.response.data, /not a public address.*LEDGER_WEBHOOK_ALLOW_PRIVATE=true/, record.url);
      }
      assert.match(records.find((r) => r.url.includes('localhost')).response.data, /^localhost resolves to /);
      assert.equal(receiver.received.length, 0, 'nothing reached the loopback receiver');
    });
  });
});
