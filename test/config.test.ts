import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromEnv } from '../src/config.js';

const PG = { DATABASE_URL: 'postgres://db/ledger' };

describe('configFromEnv: the rate limit', () => {
  it('is off on PGlite and 100 per second, bursts of 200, on PostgreSQL by default', () => {
    assert.equal(configFromEnv({}).rateLimit, undefined);
    assert.deepEqual(configFromEnv(PG).rateLimit, { rps: 100, burst: 200 });
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
  });
});
