import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LedgerScope } from '../../src/domain/ledger.js';
import { LedgerError } from '../../src/domain/ledger-error.js';
import {
  beginIdempotentRequest,
  fingerprintRequest,
  recordResponse,
} from '../../src/domain/idempotency/idempotency.service.js';
import { authenticate, createApiKey, createTenant } from '../../src/domain/tenancy/tenancy.service.js';
import type { Database } from '../../src/storage/database.js';
import { openTestDatabase } from '../helpers/database.js';

describe('idempotency keys', () => {
  let db: Database;
  let scope: LedgerScope;
  before(async () => {
    db = await openTestDatabase();
    await createTenant(db, 'idempotency');
    scope = await authenticate(db, (await createApiKey(db, 'idempotency', 'testnet')).key);
  });
  after(() => db.close());

  // On PostgreSQL the losers of a race often conflict with a row their statement's snapshot cannot
  // see, and must read it again; the outcome has to be the same.
  it('let exactly one of many simultaneous requests take a key', async () => {
    for (let round = 0; round < 10; round++) {
      const key = `race-${round}`;
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => beginIdempotentRequest(db, scope, key, 'fingerprint')),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled' && r.value === undefined).length, 1);
      for (const result of results) {
        if (result.status === 'rejected') {
          assert.ok(result.reason instanceof LedgerError);
          assert.equal(result.reason.reason, 'idempotencyKeyInProgress');
        }
      }
    }
  });

  it('replay the stored response, and refuse another request before saying "in progress"', async () => {
    assert.equal(await beginIdempotentRequest(db, scope, 'stored', 'a'), undefined);
    await assert.rejects(beginIdempotentRequest(db, scope, 'stored', 'b'), { reason: 'idempotencyKeyReused' });
    await assert.rejects(beginIdempotentRequest(db, scope, 'stored', 'a'), { reason: 'idempotencyKeyInProgress' });
    const response = { statusCode: 200, contentType: 'application/json; charset=utf-8', body: '{"reference":"r"}' };
    await recordResponse(db, scope, 'stored', response);
    assert.deepEqual(await beginIdempotentRequest(db, scope, 'stored', 'a'), response);
  });

  it('fingerprint a body whatever the order of its keys, and nothing else alike', () => {
    const request = {
      method: 'POST',
      route: '/r/:id',
      params: { id: '1' },
      query: {},
      body: { a: 1, b: [{ c: 2, d: 3 }] },
    };
    const fingerprint = fingerprintRequest(request);
    assert.equal(fingerprintRequest({ ...request, body: { b: [{ d: 3, c: 2 }], a: 1 } }), fingerprint);
    assert.notEqual(fingerprintRequest({ ...request, body: { a: 1, b: [{ c: 2, d: 4 }] } }), fingerprint);
    assert.notEqual(fingerprintRequest({ ...request, params: { id: '2' } }), fingerprint);
    assert.notEqual(fingerprintRequest({ ...request, method: 'PUT' }), fingerprint);
    assert.notEqual(fingerprintRequest({ ...request, query: { pageSize: 1 } }), fingerprint);
  });
});
