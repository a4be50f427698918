import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  LedgerApiError,
  LedgerConnectionError,
  LedgerIdempotencyInProgressError,
  LedgerRateLimitError,
  LedgerRefusalError,
  LedgerServerError,
  LedgerTimeoutError,
  LedgerValidationError,
} from '../../packages/sdk/src/index.js';
import { backoffDelay, parseRetryAfter } from '../../packages/sdk/src/retry.js';
import { CUSTOMER_ID, empty, errorBody, hang, json, reset, startStub, type Stub } from './helpers/stub-server.js';

const ACCOUNT = { id: CUSTOMER_ID, currency: 'BTC' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Retries against a stub HTTP server that answers from a script and counts attempts.
describe('SDK transport: retries', () => {
  let stub: Stub;
  afterEach(() => stub.close());

  it('retries a GET on 503 with exponential backoff and jitter, up to maxRetries', async () => {
    stub = await startStub([empty(503)]);
    const sdk = stub.sdk({ maxRetries: 3, retryBaseDelayMs: 100, retryMaxDelayMs: 1000 });
    await assert.rejects(sdk.testnet().api().customer().findAllCustomers(10), LedgerServerError);
    assert.equal(stub.requests.length, 4, 'the first attempt and three retries');
    const gaps = stub.requests.slice(1).map((r, i) => r.at - stub.requests[i]!.at);
    // Equal jitter: the n-th retry waits between half and all of 100·2^(n−1) ms (plus scheduling).
    [100, 200, 400].forEach((ceiling, i) => {
      assert.ok(gaps[i]! >= ceiling / 2 - 5 && gaps[i]! <= ceiling + 300, `gap ${i + 1}: ${gaps[i]} ms`);
    });
  });

  it('the delay has jitter between half and all of the exponential step, capped', () => {
    assert.equal(
      backoffDelay(1, 100, 1000, () => 0),
      50,
    );
    assert.equal(
      backoffDelay(1, 100, 1000, () => 1),
      100,
    );
    assert.equal(
      backoffDelay(3, 100, 1000, () => 0.5),
      300,
    );
    assert.equal(
      backoffDelay(10, 100, 1000, () => 1),
      1000,
      'capped at the maximum',
    );
    const samples = new Set(Array.from({ length: 20 }, () => backoffDelay(2, 100, 1000)));
    assert.ok(samples.size > 10, 'random within the range');
    for (const delay of samples) assert.ok(delay >= 100 && delay <= 200);
  });

  it('retries after a dropped connection, then reports LedgerConnectionError', async () => {
    stub = await startStub([reset()]);
    await assert.rejects(stub.sdk({ maxRetries: 2 }).mainnet().api().account().getAccountByAccountId('a'), (e) => {
      assert.ok(e instanceof LedgerConnectionError && !(e instanceof LedgerTimeoutError));
      assert.deepEqual([e.statusCode, e.errorCode], [undefined, 'connection.failed']);
      return true;
    });
    assert.equal(stub.requests.length, 3);
  });

  it('a refused connection is a LedgerConnectionError', async () => {
    stub = await startStub([hang()]);
    const sdk = stub.sdk({ maxRetries: 0 });
    await stub.close();
    stub = await startStub([hang()]);
    await assert.rejects(sdk.testnet().api().customer().findAllCustomers(1), LedgerConnectionError);
  });

  it('honours Retry-After on 429', async () => {
    stub = await startStub([json(429, errorBody(429, 'rate.limited'), { 'retry-after': '1' }), json(200, [])]);
    const started = performance.now();
    assert.deepEqual(await stub.sdk().testnet().api().customer().findAllCustomers(10), []);
    assert.ok(performance.now() - started >= 990, 'waited the second the server asked for');
    assert.equal(stub.requests.length, 2);
  });

  it('honours Retry-After on 503 too, in the HTTP-date form', async () => {
    // HTTP dates have whole seconds: 1.5 s ahead is 0.5 to 1.5 s of waiting.
    const soon = new Date(Date.now() + 1500).toUTCString();
    assert.ok(parseRetryAfter(soon)! > 0 && parseRetryAfter(soon)! <= 1500);
    assert.equal(parseRetryAfter('0'), 0);
    assert.equal(parseRetryAfter('soon'), undefined);
    stub = await startStub([json(503, errorBody(503, 'server.busy'), { 'retry-after': soon }), json(200, [])]);
    const started = performance.now();
    assert.deepEqual(await stub.sdk({ retryBaseDelayMs: 1 }).testnet().api().customer().findAllCustomers(10), []);
    assert.ok(performance.now() - started >= 400, 'waited until the date, not the 1 ms backoff');
    assert.equal(stub.requests.length, 2);
  });

  it('does not wait for a Retry-After longer than a minute: the 429 goes to the caller', async () => {
    stub = await startStub([json(429, errorBody(429, 'rate.limited', 'Slow down'), { 'retry-after': '120' })]);
    await assert.rejects(stub.sdk().testnet().api().customer().findAllCustomers(10), (e) => {
      assert.ok(e instanceof LedgerRateLimitError);
      assert.deepEqual(
        [e.statusCode, e.errorCode, e.message, e.retryAfterMs],
        [429, 'rate.limited', 'Slow down', 120_000],
      );
      return true;
    });
    assert.equal(stub.requests.length, 1);
  });

  it('gives up on 429 after maxRetries', async () => {
    stub = await startStub([json(429, errorBody(429, 'rate.limited'))]);
    await assert.rejects(
      stub.sdk({ maxRetries: 2 }).testnet().api().customer().findAllCustomers(10),
      LedgerRateLimitError,
    );
    assert.equal(stub.requests.length, 3);
  });

  it('POST carries an Idempotency-Key, the same UUID on every retry, and is retried', async () => {
    stub = await startStub([empty(503), reset(), json(200, ACCOUNT)]);
    const account = await stub.sdk().testnet().api().account().createAccount({ currency: 'BTC' });
    assert.deepEqual(account, ACCOUNT);
    const keys = stub.requests.map((r) => r.headers['idempotency-key']);
    assert.equal(keys.length, 3);
    assert.match(String(keys[0]), UUID);
    assert.deepEqual(new Set(keys).size, 1, 'one key for the logical call');
    assert.ok(stub.requests.every((r) => r.body === '{"currency":"BTC"}'));
  });

  it('each logical call gets a key of its own; a caller-given key is sent as is', async () => {
    stub = await startStub([json(200, ACCOUNT)]);
    const accounts = stub.sdk().testnet().api().account();
    await accounts.createAccount({ currency: 'BTC' });
    await accounts.createAccount({ currency: 'BTC' });
    await accounts.createAccount({ currency: 'BTC' }, { idempotencyKey: 'order-42' });
    const [first, second, given] = stub.requests.map((r) => r.headers['idempotency-key']);
    assert.notEqual(first, second);
    assert.equal(given, 'order-42');
  });

  it('a POST without Idempotency-Key is not retried', async () => {
    stub = await startStub([empty(503), json(200, ACCOUNT)]);
    const accounts = stub.sdk({ maxRetries: 3 }).testnet().api().account();
    await assert.rejects(accounts.createAccount({ currency: 'BTC' }, { idempotencyKey: false }), LedgerServerError);
    assert.equal(stub.requests.length, 1);
    assert.equal(stub.requests[0]!.headers['idempotency-key'], undefined);
  });

  it('a PUT is retried with its key; without one it is not', async () => {
    stub = await startStub([reset(), empty(204)]);
    const customers = stub.sdk().testnet().api().customer();
    assert.equal(await customers.activateCustomer(CUSTOMER_ID), undefined);
    assert.equal(stub.requests.length, 2);
    assert.equal(stub.requests[0]!.headers['idempotency-key'], stub.requests[1]!.headers['idempotency-key']);
    await stub.close();
    stub = await startStub([reset(), empty(204)]);
    await assert.rejects(
      stub.sdk().testnet().api().customer().activateCustomer(CUSTOMER_ID, { idempotencyKey: false }),
      LedgerConnectionError,
    );
    assert.equal(stub.requests.length, 1);
  });

  const inProgress = (headers: Record<string, string> = {}) =>
    json(
      409,
      errorBody(409, 'idempotency.key.in.progress', 'A request with Idempotency-Key k is still being processed.'),
      {
        'x-request-id': 'req-409',
        ...headers,
      },
    );

  it('retries 409 idempotency.key.in.progress with the same key after the server’s Retry-After', async () => {
    stub = await startStub([inProgress({ 'retry-after': '1' }), json(200, ACCOUNT)]);
    const started = performance.now();
    assert.deepEqual(await stub.sdk().testnet().api().account().createAccount({ currency: 'BTC' }), ACCOUNT);
    assert.ok(performance.now() - started >= 990, 'waited the second the server asked for');
    assert.equal(stub.requests.length, 2);
    assert.equal(stub.requests[0]!.headers['idempotency-key'], stub.requests[1]!.headers['idempotency-key']);
  });

  it('backs off on 409 in progress without Retry-After, then throws LedgerIdempotencyInProgressError', async () => {
    stub = await startStub([inProgress()]);
    const customers = stub.sdk({ maxRetries: 2 }).testnet().api().customer();
    await assert.rejects(customers.activateCustomer(CUSTOMER_ID, { idempotencyKey: 'order-7' }), (e) => {
      assert.ok(e instanceof LedgerIdempotencyInProgressError && e instanceof LedgerApiError);
      assert.deepEqual(
        [e.name, e.statusCode, e.errorCode, e.retryAfterMs, e.requestId],
        ['LedgerIdempotencyInProgressError', 409, 'idempotency.key.in.progress', undefined, 'req-409'],
      );
      return true;
    });
    assert.equal(stub.requests.length, 3);
    assert.ok(stub.requests.every((r) => r.headers['idempotency-key'] === 'order-7'));
  });

  it('does not retry 409 in progress for a request without Idempotency-Key, nor 409 idempotency.key.reused', async () => {
    stub = await startStub([inProgress(), json(200, ACCOUNT)]);
    const accounts = stub.sdk({ maxRetries: 3 }).testnet().api().account();
    await assert.rejects(
      accounts.createAccount({ currency: 'BTC' }, { idempotencyKey: false }),
      LedgerIdempotencyInProgressError,
    );
    assert.equal(stub.requests.length, 1);
    await stub.close();
    stub = await startStub([json(409, errorBody(409, 'idempotency.key.reused')), json(200, ACCOUNT)]);
    await assert.rejects(
      stub.sdk({ maxRetries: 3 }).testnet().api().account().createAccount({ currency: 'BTC' }),
      (e) => {
        assert.ok(e instanceof LedgerApiError && !(e instanceof LedgerIdempotencyInProgressError));
        assert.equal(e.errorCode, 'idempotency.key.reused');
        return true;
      },
    );
    assert.equal(stub.requests.length, 1);
  });

  it('a DELETE is not retried: the server keeps no Idempotency-Key for it', async () => {
    stub = await startStub([empty(503), empty(204)]);
    await assert.rejects(stub.sdk().testnet().api().account().deleteBlockAmount('b'), LedgerServerError);
    assert.equal(stub.requests.length, 1);
    assert.equal(stub.requests[0]!.headers['idempotency-key'], undefined);
  });

  for (const [status, kind] of [
    [400, LedgerValidationError],
    [403, LedgerRefusalError],
    [500, LedgerServerError],
  ] as const) {
    it(`does not retry ${status}, even on a GET`, async () => {
      stub = await startStub([json(status, errorBody(status, 'some.code')), json(200, [])]);
      await assert.rejects(stub.sdk({ maxRetries: 3 }).testnet().api().customer().findAllCustomers(10), kind);
      assert.equal(stub.requests.length, 1);
    });
  }

  it('maxRetries per call overrides the client', async () => {
    stub = await startStub([empty(503)]);
    const customers = stub.sdk({ maxRetries: 3 }).testnet().api().customer();
    await assert.rejects(customers.findAllCustomers(10, undefined, { maxRetries: 0 }), LedgerServerError);
    assert.equal(stub.requests.length, 1);
    await assert.rejects(customers.findAllCustomers(10, undefined, { maxRetries: 1 }), LedgerServerError);
    assert.equal(stub.requests.length, 3);
  });
});
