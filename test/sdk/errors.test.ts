import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  LedgerApiError,
  LedgerAuthenticationError,
  LedgerIdempotencyInProgressError,
  LedgerRateLimitError,
  LedgerRefusalError,
  LedgerServerError,
  LedgerValidationError,
} from '../../packages/sdk/src/index.js';
import { VERSION } from '../../packages/sdk/src/version.js';
import { ACCOUNT_ID, empty, errorBody, json, reset, startStub, type Stub } from './helpers/stub-server.js';

// What the SDK sends, and how the server's answers become values or errors, against a stub server.
describe('SDK error mapping', () => {
  let stub: Stub;
  afterEach(() => stub.close());

  const cases = [
    [400, LedgerValidationError, 'validation.failed'],
    [401, LedgerAuthenticationError, 'subscription.invalid'],
    [403, LedgerRefusalError, 'customer.active'],
    [409, LedgerIdempotencyInProgressError, 'idempotency.key.in.progress'],
    [429, LedgerRateLimitError, 'rate.limited'],
    [500, LedgerServerError, 'internal.error'],
    [503, LedgerServerError, 'server.shutting.down'],
  ] as const;
  for (const [status, kind, errorCode] of cases) {
    it(`${status} ${errorCode} becomes ${kind.name} with the body's fields`, async () => {
      const data = status === 400 ? [{ property: 'pageSize', constraints: { max: 'too big' } }] : undefined;
      stub = await startStub([json(status, errorBody(status, errorCode, `message of ${errorCode}`, data))]);
      await assert.rejects(stub.sdk({ maxRetries: 0 }).testnet().api().customer().findAllCustomers(10), (e) => {
        assert.ok(e instanceof kind && e instanceof LedgerApiError && e instanceof Error);
        assert.equal(e.name, kind.name);
        assert.deepEqual(
          [e.statusCode, e.errorCode, e.message, e.data],
          [status, errorCode, `message of ${errorCode}`, data],
        );
        return true;
      });
    });
  }

  it('every error carries the response’s x-request-id as requestId; none without a response', async () => {
    for (const status of [400, 401, 403, 409, 429, 500]) {
      stub = await startStub([json(status, errorBody(status, 'some.code'), { 'x-request-id': `req-${status}` })]);
      await assert.rejects(stub.sdk({ maxRetries: 0 }).testnet().api().customer().findAllCustomers(10), (e) => {
        assert.ok(e instanceof LedgerApiError);
        assert.equal(e.requestId, `req-${status}`);
        return true;
      });
      await stub.close();
    }
    stub = await startStub([json(403, errorBody(403, 'customer.active'))]);
    await assert.rejects(stub.sdk().testnet().api().customer().findAllCustomers(10), { requestId: undefined });
    await stub.close();
    stub = await startStub([reset()]);
    await assert.rejects(stub.sdk({ maxRetries: 0 }).testnet().api().customer().findAllCustomers(10), {
      name: 'LedgerConnectionError',
      requestId: undefined,
    });
  });

  it('another status is a plain LedgerApiError; a body that is not JSON still gives a message', async () => {
    stub = await startStub([
      (res) => {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('no such thing');
      },
    ]);
    await assert.rejects(stub.sdk().testnet().api().customer().findAllCustomers(10), (e) => {
      assert.ok(e instanceof LedgerApiError && e.constructor === LedgerApiError);
      assert.deepEqual([e.statusCode, e.errorCode, e.message], [404, 'http.404', 'HTTP 404: no such thing']);
      return true;
    });
  });

  it('sends the caller’s key, JSON, encoded path segments and query values', async () => {
    stub = await startStub([json(200, [])]);
    const sdk = stub.sdk();
    await sdk.mainnet().api().account().getAccountsByCustomerId(5, 'a/b c', 10, 'code');
    await sdk.testnet().api().account().getAccounts(10, 0, 'desc', undefined, true, false);
    const [byCustomer, list] = stub.requests;
    assert.equal(byCustomer!.url, '/v3/ledger/account/customer/a%2Fb%20c?pageSize=5&offset=10&accountCode=code');
    assert.equal(byCustomer!.headers['x-api-key'], 'main_key');
    assert.equal(list!.url, '/v3/ledger/account?pageSize=10&page=0&sort=desc&active=true&onlyNonZeroBalance=false');
    assert.equal(list!.headers['x-api-key'], 'test_key');
    assert.equal(list!.headers['user-agent'], `tatum-ledger-sdk/${VERSION}`);
    assert.equal(list!.headers['content-type'], undefined, 'no body, no content type');
    assert.equal(list!.headers['idempotency-key'], undefined, 'a GET needs no key');
  });

  it('sends a body as JSON and returns the parsed answer; 204 resolves to undefined', async () => {
    stub = await startStub([json(200, { reference: 'r' }), empty(204)]);
    const accounts = stub.sdk().testnet().api().account();
    const answer = await accounts.unblockAmountWithTransaction('blockage', {
      recipientAccountId: ACCOUNT_ID,
      amount: '1.5',
    });
    assert.deepEqual(answer, { reference: 'r' });
    assert.equal(stub.requests[0]!.method, 'PUT');
    assert.equal(stub.requests[0]!.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(stub.requests[0]!.body), { recipientAccountId: ACCOUNT_ID, amount: '1.5' });
    assert.equal(await accounts.activateAccount(ACCOUNT_ID), undefined);
    assert.equal(stub.requests[1]!.body, '', 'a body-less action sends no body');
  });
});
