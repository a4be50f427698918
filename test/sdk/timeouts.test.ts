import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { LedgerConnectionError, LedgerTimeoutError } from '../../packages/sdk/src/index.js';
import { CUSTOMER_ID, hang, json, startStub, type Stub } from './helpers/stub-server.js';

const CUSTOMER = { externalId: 'e', id: CUSTOMER_ID, enabled: true, active: true };

// Timeouts against a stub HTTP server that never answers, or answers slowly.
describe('SDK transport: timeouts', () => {
  let stub: Stub;
  afterEach(() => stub.close());

  it('a client timeout ends an attempt that gets no answer', async () => {
    stub = await startStub([hang()]);
    const started = performance.now();
    await assert.rejects(
      stub.sdk({ timeoutMs: 500, maxRetries: 0 }).testnet().api().customer().findAllCustomers(10),
      (e) => {
        assert.ok(e instanceof LedgerTimeoutError && e instanceof LedgerConnectionError);
        assert.deepEqual([e.statusCode, e.errorCode], [undefined, 'request.timeout']);
        return true;
      },
    );
    assert.ok(performance.now() - started < 3000);
    assert.equal(stub.requests.length, 1);
  });

  it('a per-call timeout overrides the client one', async () => {
    stub = await startStub([hang()]);
    const customers = stub.sdk({ timeoutMs: 60_000, maxRetries: 0 }).testnet().api().customer();
    const started = performance.now();
    await assert.rejects(customers.findAllCustomers(10, undefined, { timeoutMs: 300 }), LedgerTimeoutError);
    assert.ok(performance.now() - started < 3000);
  });

  it('the timeout covers a body that never finishes', async () => {
    stub = await startStub([
      (res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
      },
    ]);
    await assert.rejects(
      stub.sdk({ timeoutMs: 300, maxRetries: 0 }).testnet().api().customer().findAllCustomers(10),
      LedgerTimeoutError,
    );
  });

  it('a GET that timed out is retried and can then succeed', async () => {
    stub = await startStub([hang(), json(200, [CUSTOMER])]);
    const customers = await stub.sdk({ timeoutMs: 500 }).testnet().api().customer().findAllCustomers(10);
    assert.deepEqual(customers, [CUSTOMER]);
    assert.equal(stub.requests.length, 2);
  });
});
