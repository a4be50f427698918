import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { startTestCli, tenantName, type TestCli } from './test-cli.js';

const LIST = '/v3/ledger/customer?pageSize=1';

describe('ledger tenants limit and keys limit', () => {
  let cli: TestCli;
  let app: FastifyInstance;
  let limitedByEnvironment: FastifyInstance;
  before(async () => {
    cli = await startTestCli();
    app = await cli.app();
    limitedByEnvironment = await cli.app({ guards: { rateLimit: { rps: 0.01, burst: 1 } } });
  });
  after(async () => {
    await limitedByEnvironment.close();
    await app.close();
    await cli.close();
  });

  /** The statuses of `n` calls made one after the other with `key`. */
  async function statuses(key: string, n: number, server = app) {
    const seen: number[] = [];
    for (let i = 0; i < n; i++) {
      seen.push((await server.inject({ method: 'GET', url: LIST, headers: { 'x-api-key': key } })).statusCode);
    }
    return seen;
  }

  async function newTenant() {
    const name = tenantName();
    const made = await cli.run('tenants', 'create', name, '--json');
    assert.equal(made.code, 0, made.stderr);
    const { keys } = JSON.parse(made.stdout);
    const listed = JSON.parse((await cli.run('keys', 'list', '--tenant', name, '--json')).stdout);
    const keyId = listed.find((k: { network: string }) => k.network === 'testnet').id as string;
    return { name, key: keys.testnet as string, keyId, mainnet: keys.mainnet as string };
  }

  it('limits no one by default; a tenant limit applies to each of its keys at the next call', async () => {
    const { name, key, mainnet } = await newTenant();
    assert.deepEqual(await statuses(key, 5), [200, 200, 200, 200, 200]);
    const set = await cli.run('tenants', 'limit', name, '0.01', '--burst', '2');
    assert.deepEqual(set, {
      code: 0,
      stdout: `Each key of tenant '${name}' may make 0.01 requests per second, in bursts of up to 2; past that, 429 rate.limit.exceeded.\n`,
      stderr: '',
    });
    assert.deepEqual(await statuses(key, 3), [200, 200, 429]);
    assert.deepEqual(await statuses(mainnet, 3), [200, 200, 429], 'each key has a bucket of its own');
    const refused = await app.inject({ method: 'GET', url: LIST, headers: { 'x-api-key': key } });
    assert.equal(refused.headers['retry-after'], '100');
    assert.equal(refused.json().errorCode, 'rate.limit.exceeded');
    assert.deepEqual(await statuses((await newTenant()).key, 3), [200, 200, 200], 'other tenants are not limited');

    const unset = await cli.run('tenants', 'limit', name, 'unset', '--json');
    assert.deepEqual(JSON.parse(unset.stdout), { tenant: name, rateLimit: null });
    assert.deepEqual(await statuses(key, 3), [200, 200, 200]);
  });

  it("gives a key's own setting precedence over its tenant's, and the tenant's over the environment's", async () => {
    const { name, key, keyId, mainnet } = await newTenant();
    assert.equal((await cli.run('tenants', 'limit', name, 'off')).code, 0);
    assert.deepEqual(await statuses(key, 3, limitedByEnvironment), [200, 200, 200], "the tenant's off wins");

    const own = await cli.run('keys', 'limit', keyId, '0.01', '--burst', '3', '--json');
    assert.equal(own.code, 0, own.stderr);
    assert.deepEqual(JSON.parse(own.stdout), {
      id: keyId,
      tenant: name,
      network: 'testnet',
      hint: JSON.parse(own.stdout).hint,
      rateLimit: { rps: 0.01, burst: 3 },
      tenantRateLimit: 'off',
    });
    // The calls above took nothing from the key's bucket: it had no limit then.
    assert.deepEqual(await statuses(key, 4, limitedByEnvironment), [200, 200, 200, 429], "the key's own wins");
    assert.deepEqual(await statuses(mainnet, 3, limitedByEnvironment), [200, 200, 200], 'the other key: tenant off');

    const unset = await cli.run('keys', 'limit', keyId, 'unset');
    assert.match(unset.stdout, /has no rate limit of its own: its tenant's setting applies\.\n$/);
    assert.equal((await cli.run('tenants', 'limit', name, 'unset')).code, 0);
    assert.deepEqual(await statuses(mainnet, 2, limitedByEnvironment), [200, 429], 'the environment: burst 1');
  });

  it('refuses bad values (exit code 2), unknown tenants and unknown or revoked keys (exit code 1)', async () => {
    for (const value of ['0', '.5', 'fast', '1e3', '']) {
      const { code, stderr } = await cli.run('tenants', 'limit', 'whoever', value);
      assert.equal(code, 2, value);
      assert.match(stderr, /^ledger: the limit must be requests per second \(a positive number\), 'off' or 'unset'/);
    }
    for (const burst of ['0', '1.5', 'x']) {
      const { code, stderr } = await cli.run('keys', 'limit', 'some-id', '5', '--burst', burst);
      assert.equal(code, 2, burst);
      assert.match(stderr, /--burst must be a whole number from 1/);
    }
    assert.match(
      (await cli.run('tenants', 'limit', 'whoever', 'off', '--burst', '3')).stderr,
      /--burst goes with a rate/,
    );
    assert.deepEqual(await cli.run('tenants', 'limit', 'nobody', '5'), {
      code: 1,
      stdout: '',
      stderr: "ledger: No tenant named 'nobody'.\n",
    });
    const { keyId } = await newTenant();
    assert.equal((await cli.run('keys', 'revoke', keyId)).code, 0);
    assert.deepEqual(await cli.run('keys', 'limit', keyId, '5'), {
      code: 1,
      stdout: '',
      stderr: `ledger: The API key '${keyId}' is revoked.\n`,
    });
    assert.equal((await cli.run('keys', 'limit', 'aaaaaaaaaaaaaaaaaaaaaaaa', 'off')).code, 1);
  });
});
