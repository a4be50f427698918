import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { createLedger } from '../../src/domain/create-ledger.js';
import { hashApiKey } from '../../src/domain/tenancy/api-key.js';
import { listApiKeys, revokeApiKey } from '../../src/domain/tenancy/tenancy.service.js';
import { createCustomerAccount } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';

// One change signal (docs/decisions/0045-one-change-signal.md): a change of a key, a tenant or a
// customer made on another connection (an operator's SQL, the command line in another process with a
// ledger of its own, another server) reaches a running server as soon as the database announces it.
// The app here may keep what it read for a minute, so only the announcement explains a change seen.

const MINUTE = 60_000;
/** Well under the second a key used to be kept for when it changed elsewhere; generous for a busy machine. */
const AT_ONCE_MS = 500;
const LIST = '/v3/ledger/customer?pageSize=1';

/** Asks `seen` until it answers true; fails if that takes `ms`. */
async function seenWithin(ms: number, what: string, seen: () => Promise<boolean>): Promise<void> {
  const started = performance.now();
  while (!(await seen())) {
    assert.ok(performance.now() - started < ms, `${what} seen within ${ms} ms`);
    await sleep(2);
  }
}

describe('changes made on another connection', (suite) => {
  const t = suiteTestApp(suite, { bounds: { callerMs: MINUTE, customerMs: MINUTE } });

  it('a key frozen, then revoked, elsewhere is refused at once', async () => {
    const tenant = await t.newTenant();
    const client = t.client(tenant.testnet);
    // A write of a key that is not frozen gets as far as validation; a frozen key's is refused before.
    const writeStatus = async () => (await client.post('/v3/ledger/account', {})).status;
    assert.equal(await writeStatus(), 400);

    await t.db.query('UPDATE api_keys SET frozen = true WHERE key_hash = $1', [hashApiKey(tenant.testnet)]);
    await seenWithin(AT_ONCE_MS, 'the freeze', async () => (await writeStatus()) === 403);

    // The command line's function, on a ledger of its own that listens to nothing.
    const [, testnet] = await listApiKeys(t.db, tenant.name);
    const elsewhere = createLedger({ db: t.db });
    try {
      await revokeApiKey(elsewhere, testnet!.id);
    } finally {
      await elsewhere.close();
    }
    await seenWithin(AT_ONCE_MS, 'the revocation', async () => (await client.get(LIST)).status === 401);
    assert.equal((await t.client(tenant.mainnet).get(LIST)).status, 200, 'the other key still works');
  });

  it("a tenant's quota set elsewhere applies at once", async () => {
    const tenant = await t.newTenant();
    const client = t.client(tenant.testnet);
    assert.equal((await client.get(LIST)).status, 200);
    await t.db.query('UPDATE tenants SET monthly_credit_quota = 0 WHERE name = $1', [tenant.name]);
    await seenWithin(AT_ONCE_MS, 'the quota', async () => (await client.get(LIST)).status === 403);
    assert.equal((await client.get(LIST)).body.errorCode, 'credits.quota.exceeded');
  });

  it('a customer changed elsewhere is read again at once, by id and by externalId', async () => {
    const api = t.client();
    const c = await createCustomerAccount(api);
    const enabled = async (id: string) => (await api.get(`/v3/ledger/customer/${id}`)).body.enabled as boolean;
    assert.equal(await enabled(c.customerId), true);
    assert.equal(await enabled(c.externalId), true);
    await t.db.query('UPDATE customers SET enabled = false WHERE id = $1', [c.customerId]);
    await seenWithin(AT_ONCE_MS, 'the change', async () => !(await enabled(c.customerId)));
    assert.equal(await enabled(c.externalId), false);
  });
});
