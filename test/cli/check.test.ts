import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiKey, createTenant } from '../../src/domain/tenancy/tenancy.service.js';
import { buildRichLedger } from '../helpers/rich-ledger.js';
import { clientFor } from '../helpers/test-app.js';
import { startTestCli, tenantName } from './test-cli.js';

// `ledger check` reads every ledger of the database and reports the invariants one breaks. A ledger
// the API built holds them all; a balance or a blocked amount changed by hand in the database breaks
// the ones that say what it should be.

describe('ledger check', () => {
  it('finds every invariant holding in a ledger the API built, and each one a change by hand breaks', async (t) => {
    const cli = await startTestCli();
    t.after(() => cli.close());
    const app = await cli.app();
    const tenant = tenantName('checked');
    await createTenant(cli.db, tenant);
    const key = (await createApiKey(cli.db, tenant, 'testnet')).key;
    const rich = await buildRichLedger(clientFor(app, key));
    await app.close();

    const holding = await cli.run('check');
    assert.equal(holding.code, 0, holding.stdout);
    assert.match(holding.stdout, /^The ledger holds: 13 accounts, \d+ records checked in 2 ledgers\.\n$/);

    const json = JSON.parse((await cli.run('check', '--json')).stdout);
    const testnet = json.ledgers.find((l: { network: string }) => l.network === 'testnet');
    assert.deepEqual(
      { holds: json.holds, tenant: testnet.tenant, customers: testnet.customers, keys: testnet.keys },
      { holds: true, tenant, customers: 6, keys: 1 },
    );

    // A gold balance one more than its records say, and a euro account blocking 1000 it has no blockage for.
    await cli.db.query('UPDATE accounts SET balance = balance + 1 WHERE id = $1', [rich.accounts.bobGold]);
    await cli.db.query('UPDATE accounts SET blocked = blocked + 1000 WHERE id = $1', [rich.accounts.bobEuro]);
    const broken = await cli.run('check');
    const at = `${tenant} testnet (${testnet.id})`;
    assert.deepEqual(broken, {
      code: 1,
      stdout: [
        `${at}: virtual currencies whose supply is not the sum of their balances: 1`,
        `${at}: balances not explained by their transaction records: 1`,
        `${at}: accounts whose blocked amount is not the sum of their blockages: 1`,
        '',
      ].join('\n'),
      stderr: '',
    });
    const brokenJson = JSON.parse((await cli.run('check', '--json')).stdout);
    assert.equal(brokenJson.holds, false);
    assert.deepEqual(
      brokenJson.ledgers.find((l: { id: string }) => l.id === testnet.id).breaks.map((b: { count: number }) => b.count),
      [1, 1, 1],
    );
  });
});
