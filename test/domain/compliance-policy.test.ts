import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { complianceRefusal } from '../../src/domain/compliance/compliance.js';
import { DEFAULT_COMPLIANCE_POLICY, loadCompliancePolicy } from '../../src/domain/compliance/policy.js';

describe('compliance policy', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'policy-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('loads a valid file', async () => {
    const file = join(dir, 'ok.json');
    await writeFile(
      file,
      JSON.stringify({ rules: [{ name: 'r', providerCountries: '*', customerCountries: ['RU'] }] }),
    );
    const policy = await loadCompliancePolicy(file);
    assert.match(complianceRefusal(policy, { customerCountry: 'RU', providerCountry: null })!, /rule 'r'/);
  });

  it('refuses a missing file, bad JSON and unknown country codes with a clear message', async () => {
    await assert.rejects(loadCompliancePolicy(join(dir, 'missing.json')), /Cannot read the compliance policy/);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{ rules: ');
    await assert.rejects(loadCompliancePolicy(bad), /Cannot read/);
    const unknown = join(dir, 'unknown.json');
    await writeFile(
      unknown,
      JSON.stringify({ rules: [{ name: 'r', providerCountries: '*', customerCountries: ['XX'] }] }),
    );
    await assert.rejects(loadCompliancePolicy(unknown), /is not valid/);
  });

  it('the default refuses the embargoed jurisdictions whatever the provider, and nothing else', () => {
    for (const country of ['CU', 'IR', 'KP', 'SY']) {
      assert.ok(complianceRefusal(DEFAULT_COMPLIANCE_POLICY, { customerCountry: country, providerCountry: 'US' }));
    }
    assert.equal(
      complianceRefusal(DEFAULT_COMPLIANCE_POLICY, { customerCountry: 'US', providerCountry: 'CU' }),
      undefined,
    );
    assert.match(complianceRefusal(DEFAULT_COMPLIANCE_POLICY, undefined)!, /not defined/);
  });
});
