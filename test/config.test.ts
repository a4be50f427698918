import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromEnv } from '../src/config.js';

const PG = { DATABASE_URL: 'postgres://db/ledger' };

describe('configFromEnv: the rate limit', () => {
  it('is off by default on both databases', () => {
    assert.equal(configFromEnv({}).rateLimit, undefined);
    assert.equal(configFromEnv(PG).rateLimit, undefined);
  });

  it('takes LEDGER_RATE_LIMIT_RPS and _BURST on either database; off turns it off', () => {
    assert.deepEqual(configFromEnv({ LEDGER_RATE_LIMIT_RPS: '2.5' }).rateLimit, { rps: 2.5, burst: 5 });
    assert.deepEqual(configFromEnv({ ...PG, LEDGER_RATE_LIMIT_RPS: '10', LEDGER_RATE_LIMIT_BURST: '3' }).rateLimit, {
      rps: 10,
      burst: 3,
    });
    assert.equal(configFromEnv({ ...PG, LEDGER_RATE_LIMIT_RPS: 'off' }).rateLimit, undefined);
    assert.equal(configFromEnv({ ...PG, LEDGER_RATE_LIMIT_RPS: '0' }).rateLimit, undefined);
  });

  it('refuses values that are not numbers', () => {
    assert.throws(() => configFromEnv({ LEDGER_RATE_LIMIT_RPS: 'fast' }), /LEDGER_RATE_LIMIT_RPS must be/);
    assert.throws(() => configFromEnv({ LEDGER_RATE_LIMIT_RPS: '-1' }), /LEDGER_RATE_LIMIT_RPS must be/);
    assert.throws(
      () => configFromEnv({ LEDGER_RATE_LIMIT_RPS: '5', LEDGER_RATE_LIMIT_BURST: '1.5' }),
      /LEDGER_RATE_LIMIT_BURST must be/,
    );
    assert.throws(() => configFromEnv({ ...PG, LEDGER_RATE_LIMIT_BURST: '10' }), /LEDGER_RATE_LIMIT_BURST needs/);
  });
});
