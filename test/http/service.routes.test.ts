import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { suiteTestApp } from '../helpers/test-app.js';

const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

describe('GET /v3/tatum/version', (suite) => {
  const t = suiteTestApp(suite);

  it("answers the server's version and the key's network", async () => {
    assert.deepEqual((await t.client(t.keys.testnet).get('/v3/tatum/version')).body, {
      version: VERSION,
      testnet: true,
    });
    assert.deepEqual((await t.client(t.keys.mainnet).get('/v3/tatum/version')).body, {
      version: VERSION,
      testnet: false,
    });
  });

  it('needs an API key, as Tatum does', async () => {
    const reply = await t.app.inject('/v3/tatum/version');
    assert.equal(reply.statusCode, 401);
    assert.equal(reply.json().errorCode, 'subscription.invalid');
  });
});
