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

describe('configFromEnv: timeouts, connection cap and grace period', () => {
  it('has documented defaults and takes whole milliseconds', () => {
    const { maxConnections, ...timeouts } = configFromEnv({}).transport;
    assert.deepEqual(timeouts, {
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      shutdownGraceMs: 10_000,
    });
    // 10,000, or fewer where the process may open fewer files.
    assert.ok(maxConnections >= 1 && maxConnections <= 10_000, String(maxConnections));
    const given = configFromEnv({
      LEDGER_HEADERS_TIMEOUT_MS: '2000',
      LEDGER_REQUEST_TIMEOUT_MS: '4000',
      LEDGER_KEEP_ALIVE_TIMEOUT_MS: '1000',
      LEDGER_MAX_CONNECTIONS: '500',
      LEDGER_SHUTDOWN_GRACE_MS: '0',
    }).transport;
    assert.deepEqual(given, {
      headersTimeoutMs: 2000,
      requestTimeoutMs: 4000,
      keepAliveTimeoutMs: 1000,
      maxConnections: 500,
      shutdownGraceMs: 0,
    });
  });

  it('refuses values that are not whole numbers, and headers allowed longer than the whole request', () => {
    assert.throws(
      () => configFromEnv({ LEDGER_MAX_CONNECTIONS: '0' }),
      /LEDGER_MAX_CONNECTIONS must be a whole number from 1/,
    );
    assert.throws(() => configFromEnv({ LEDGER_SHUTDOWN_GRACE_MS: '1.5' }), /LEDGER_SHUTDOWN_GRACE_MS must be/);
    assert.throws(() => configFromEnv({ LEDGER_REQUEST_TIMEOUT_MS: '5s' }), /LEDGER_REQUEST_TIMEOUT_MS must be/);
    assert.throws(
      () => configFromEnv({ LEDGER_HEADERS_TIMEOUT_MS: '20000', LEDGER_REQUEST_TIMEOUT_MS: '10000' }),
      /LEDGER_HEADERS_TIMEOUT_MS must not be above LEDGER_REQUEST_TIMEOUT_MS/,
    );
  });
});

describe('configFromEnv: LEDGER_TRUST_PROXY', () => {
  it('trusts no proxy by default, and takes true, a number of hops, or addresses and CIDR ranges', () => {
    assert.equal(configFromEnv({}).trustProxy, false);
    assert.equal(configFromEnv({ LEDGER_TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(configFromEnv({ LEDGER_TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(configFromEnv({ LEDGER_TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(configFromEnv({ LEDGER_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,fd00::/8,::1' }).trustProxy, [
      '10.0.0.0/8',
      '127.0.0.1',
      'fd00::/8',
      '::1',
    ]);
  });

  it('refuses what is neither', () => {
    for (const value of ['yes', '0', '11', '10.0.0.0/33', 'fd00::/129', 'proxy.local', '10.0.0.1,', '1.2.3.4/8/8']) {
      assert.throws(
        () => configFromEnv({ LEDGER_TRUST_PROXY: value }),
        (error: Error) =>
          error.message ===
          `LEDGER_TRUST_PROXY must be 'false', 'true', a number of proxies in front of the server, or their addresses and CIDR ranges separated by commas, not '${value}'.`,
        value,
      );
    }
  });
});
