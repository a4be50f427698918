import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, it } from 'node:test';
import { suiteTestApp } from '../helpers/test-app.js';

// A 400 echoes what was refused (class-validator's data[]), and an item's target is the whole array
// holding it: unbounded, N invalid items would answer N copies of N items. These requests are the
// abuse case: a valid key, a body well under the size limit, every item invalid.

const SENDER = 'a'.repeat(24);
const invalidBatch = (items: number) => ({
  senderAccountId: SENDER,
  transaction: Array.from({ length: items }, () => ({ recipientAccountId: 'b'.repeat(24), amount: 'not a number' })),
});

// A full collection before each heap reading, so that the figure is what is still held.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function heapAfterCollection(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('what a 400 echoes', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  it('answers a 4,000-item invalid batch with a bounded 400 in the contract shape', async () => {
    const body = invalidBatch(4000);
    assert.ok(JSON.stringify(body).length < 300_000);
    const reply = await t.app.inject({
      method: 'POST',
      url: '/v3/ledger/transaction/batch',
      headers: { 'x-api-key': t.keys.testnet },
      payload: body,
    });
    assert.equal(reply.statusCode, 400, reply.body.slice(0, 500));
    assert.ok(reply.body.length < 64 * 1024, `answer of ${reply.body.length} characters`);
    const answer = JSON.parse(reply.body);
    assert.equal(answer.errorCode, 'validation.failed');
    assert.equal(answer.statusCode, 400);
    assert.equal(typeof answer.message, 'string');
    const top = answer.data.find((item: { property: string }) => item.property === 'transaction');
    assert.ok(top, JSON.stringify(answer.data).slice(0, 500));
    // The array is over its maximum, and that is said first, on the array itself.
    assert.equal(typeof top.constraints?.arrayMaxSize, 'string');
    for (const item of [top, ...top.children]) {
      for (const key of ['target', 'value', 'property', 'children']) assert.ok(key in item, `${key} missing`);
    }
  });

  it('echoes a refused batch item with its own fields, and the array holding it as a summary', async () => {
    const body = invalidBatch(300);
    const reply = await api.post('/v3/ledger/transaction/batch', body);
    assert.equal(reply.status, 400);
    const top = reply.body.data.find((item: { property: string }) => item.property === 'transaction');
    assert.equal(top.constraints, undefined, 'an array within its bound is not itself refused');
    assert.ok(top.children.length > 0 && top.children.length <= 20, `${top.children.length} children`);
    const first = top.children[0];
    assert.equal(first.property, '0');
    assert.deepEqual(first.children[0].target, { ...body.transaction[0], anonymous: false });
    assert.equal(first.children[0].value, 'not a number');
    assert.equal(first.children[0].property, 'amount');
    assert.equal(typeof first.target, 'string', 'a 300-item array is summarised, not echoed');
    assert.match(first.target, /300 items/);
    assert.ok(JSON.stringify(reply.body).length < 64 * 1024);
  });

  it('echoes a long refused string as a summary, and the small fields beside it whole', async () => {
    const note = 'n'.repeat(200_000);
    const reply = await api.post('/v3/ledger/transaction', {
      senderAccountId: SENDER,
      recipientAccountId: 'b'.repeat(24),
      amount: '1',
      senderNote: note,
    });
    assert.equal(reply.status, 400);
    assert.ok(JSON.stringify(reply.body).length < 8 * 1024);
    const [item] = reply.body.data;
    assert.equal(item.property, 'senderNote');
    assert.equal(typeof item.constraints.isLength, 'string');
    assert.equal(item.value, '(a string of 200000 characters, not echoed)');
    assert.equal(item.target.senderAccountId, SENDER);
    assert.equal(item.target.amount, '1');
    assert.equal(item.target.senderNote, item.value);
  });

  it('bounds the arrays of the transaction finds', async () => {
    const reply = await api.post('/v3/ledger/transaction/ledger', {
      currencies: Array.from({ length: 51 }, () => 'BTC'),
    });
    assert.equal(reply.status, 400);
    assert.equal(typeof reply.body.data[0].constraints.arrayMaxSize, 'string');
    const within = await api.post('/v3/ledger/transaction/ledger', { currencies: Array(50).fill('BTC') });
    assert.equal(within.status, 200, JSON.stringify(within.body));
  });

  it('keeps /health answering within 1 s and the heap flat under twenty such requests at once', async (context) => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const payload = JSON.stringify(invalidBatch(4000));
    const headers = { 'content-type': 'application/json', 'x-api-key': t.keys.testnet };
    const send = async () => {
      const response = await fetch(`${url}/v3/ledger/transaction/batch`, { method: 'POST', headers, body: payload });
      return { status: response.status, length: (await response.text()).length };
    };
    await send(); // warm up code paths, so that the heap figures compare like with like
    const heapBefore = heapAfterCollection();

    let done = false;
    const healthTimes: number[] = [];
    const probe = (async () => {
      while (!done) {
        const started = performance.now();
        const health = await fetch(`${url}/health`);
        assert.equal(health.status, 200);
        await health.text();
        healthTimes.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const answers = await Promise.all(Array.from({ length: 20 }, send));
    done = true;
    await probe;

    for (const answer of answers) {
      assert.equal(answer.status, 400);
      assert.ok(answer.length < 64 * 1024);
    }
    assert.ok(healthTimes.length > 0);
    assert.ok(Math.max(...healthTimes) < 1000, `slowest /health ${Math.max(...healthTimes)} ms`);
    const growth = heapAfterCollection() - heapBefore;
    context.diagnostic(`slowest /health ${Math.round(Math.max(...healthTimes))} ms; heap growth ${growth} bytes`);
    assert.ok(growth < 16 * 1024 * 1024, `heap grew by ${growth} bytes`);
  });
});
