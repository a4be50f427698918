import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { LedgerScope } from '../../src/domain/ledger.js';
import {
  beginIdempotentRequest,
  fingerprintRequest,
  keyedDatabase,
  type HeldKey,
  type KeyedDatabase,
  type StoredResponse,
} from '../../src/domain/idempotency/idempotency.service.js';
import { authenticate, createApiKey, createTenant } from '../../src/domain/tenancy/tenancy.service.js';
import { suiteTestDatabase } from '../helpers/database.js';

const answer = (reference: string): StoredResponse => ({
  statusCode: 200,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify({ reference }),
});

function held(taken: HeldKey | { replay: StoredResponse }): HeldKey {
  assert.ok(!('replay' in taken), 'the key was not taken');
  return taken;
}

describe('idempotency keys', (suite) => {
  const opened = suiteTestDatabase(suite);
  let db: KeyedDatabase;
  let scope: LedgerScope;
  before(async () => {
    db = keyedDatabase(opened);
    await createTenant(db, 'idempotency');
    scope = await authenticate(db, (await createApiKey(db, 'idempotency', 'testnet')).key);
  });

  // The first takes the key; the others wait for it to end (on PostgreSQL, on its uncommitted row; on
  // PGlite, for its transaction) and then replay what it stored.
  it('let exactly one of many simultaneous requests take a key, and the others replay its answer', async () => {
    for (let round = 0; round < 5; round++) {
      const key = `race-${round}`;
      const begun = Array.from({ length: 8 }, () => beginIdempotentRequest(db, scope, key, 'fingerprint'));
      const holder = held(await Promise.race(begun));
      assert.equal(await holder.finish(answer(key)), undefined);
      const results = await Promise.all(begun);
      assert.equal(results.filter((r) => !('replay' in r)).length, 1);
      for (const result of results) if ('replay' in result) assert.deepEqual(result.replay, answer(key));
    }
  });

  it('replay the stored response, and refuse another request with the key', async () => {
    const first = held(await beginIdempotentRequest(db, scope, 'stored', 'a'));
    await first.finish(answer('r'));
    await assert.rejects(beginIdempotentRequest(db, scope, 'stored', 'b'), { reason: 'idempotencyKeyReused' });
    assert.deepEqual(await beginIdempotentRequest(db, scope, 'stored', 'a'), { replay: answer('r') });
  });

  it('forget a key whose request rolled back: the next one takes it', async () => {
    const first = held(await beginIdempotentRequest(db, scope, 'rolled-back', 'a'));
    await first.finish(undefined);
    const second = held(await beginIdempotentRequest(db, scope, 'rolled-back', 'a'));
    await second.finish(answer('second'));
    assert.deepEqual(await beginIdempotentRequest(db, scope, 'rolled-back', 'a'), { replay: answer('second') });
  });

  it('answer "in progress", with the seconds until it expires, for a key an earlier version left so', async () => {
    // Servers before units of work committed the key before the work: a crash left it without answer.
    await db.query("INSERT INTO idempotency_keys (ledger_id, key, request_hash) VALUES ($1, 'left', 'a')", [
      scope.ledgerId,
    ]);
    await assert.rejects(beginIdempotentRequest(db, scope, 'left', 'a'), (error: any) => {
      assert.equal(error.reason, 'idempotencyKeyInProgress');
      assert.ok(error.params.retryAfterSeconds > 86_000 && error.params.retryAfterSeconds <= 86_400);
      return true;
    });
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
