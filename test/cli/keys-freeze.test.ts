import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { startTestCli, tenantName, type TestCli } from './test-cli.js';

describe('ledger keys freeze and unfreeze', () => {
  let cli: TestCli;
  let app: FastifyInstance;
  before(async () => {
    cli = await startTestCli();
    app = await cli.app();
  });
  after(async () => {
    await app.close();
    await cli.close();
  });

  const createAccount = async (key: string) =>
    (
      await app.inject({
        method: 'POST',
        url: '/v3/ledger/account',
        headers: { 'x-api-key': key },
        payload: { currency: 'BTC' },
      })
    ).json();

  async function newKey() {
    const tenant = tenantName();
    assert.equal((await cli.run('tenants', 'create', tenant)).code, 0);
    const made = await cli.run('keys', 'create', '--tenant', tenant, '--network', 'testnet', '--json');
    return { tenant, ...(JSON.parse(made.stdout) as { id: string; key: string }) };
  }

  it('freezes a key: its writes get 403 api.key.frozen until it is unfrozen', async () => {
    const { tenant, id, key } = await newKey();
    const frozen = await cli.run('keys', 'freeze', id);
    assert.equal(frozen.code, 0, frozen.stderr);
    assert.match(
      frozen.stdout,
      new RegExp(`^Froze API key ${id} \\(test_.{4}….{4}, testnet of tenant '${tenant}'\\): it may only read\\.\n$`),
    );
    assert.equal((await createAccount(key)).errorCode, 'api.key.frozen');
    const listed = JSON.parse((await cli.run('keys', 'list', '--tenant', tenant, '--json')).stdout);
    assert.equal(listed.find((k: { id: string }) => k.id === id).frozen, true);

    const again = await cli.run('keys', 'freeze', id);
    assert.match(again.stdout, /is frozen already\.\n$/);

    const thawed = await cli.run('keys', 'unfreeze', id, '--json');
    assert.equal(thawed.code, 0);
    assert.equal(JSON.parse(thawed.stdout).frozen, false);
    assert.equal(typeof (await createAccount(key)).id, 'string');
    assert.match((await cli.run('keys', 'unfreeze', id)).stdout, /is not frozen already\.\n$/);
  });

  it('refuses an unknown or revoked key (exit code 1) and a missing id (exit code 2)', async () => {
    const { id } = await newKey();
    assert.equal((await cli.run('keys', 'revoke', id)).code, 0);
    assert.deepEqual(await cli.run('keys', 'freeze', id), {
      code: 1,
      stdout: '',
      stderr: `ledger: The API key '${id}' is revoked.\n`,
    });
    assert.deepEqual(await cli.run('keys', 'unfreeze', 'aaaaaaaaaaaaaaaaaaaaaaaa'), {
      code: 1,
      stdout: '',
      stderr: "ledger: No API key with id 'aaaaaaaaaaaaaaaaaaaaaaaa'.\n",
    });
    const missing = await cli.run('keys', 'freeze');
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, "ledger: missing <keyId>\nRun 'ledger keys freeze --help' for usage.\n");
  });
});
