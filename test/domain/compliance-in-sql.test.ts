import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complianceRefusal } from '../../src/domain/compliance/compliance.js';
import { DEFAULT_COMPLIANCE_POLICY, type CompliancePolicy } from '../../src/domain/compliance/policy.js';
import { testDatabase } from '../helpers/database.js';

// Payments check compliance inside the payment function (migration 010), account creation in
// TypeScript: the two must give the same answer, word for word, for every subject under every policy.

const POLICIES: CompliancePolicy[] = [
  DEFAULT_COMPLIANCE_POLICY,
  { rules: [] },
  {
    rules: [
      { name: 'eu-to-ru', providerCountries: ['DE', 'FR'], customerCountries: ['RU', 'BY'] },
      { name: "o'brien", providerCountries: '*', customerCountries: ['KP'] },
    ],
  },
];
const COUNTRIES = [null, 'DE', 'FR', 'RU', 'BY', 'KP', 'IR', 'US'];

describe('compliance in SQL', () => {
  it('refuses exactly whom complianceRefusal refuses, with the same reason', async (context) => {
    const db = await testDatabase(context);
    const cases: [CompliancePolicy, boolean, string | null, string | null][] = [];
    for (const policy of POLICIES) {
      cases.push([policy, false, null, null]);
      for (const customer of COUNTRIES)
        for (const provider of COUNTRIES) cases.push([policy, true, customer, provider]);
    }
    const [row] = await db.query<{ reasons: (string | null)[] }>(
      `SELECT array_agg(ledger_compliance_refusal(c.policy, c.has_customer, c.customer, c.provider) ORDER BY c.n) AS reasons
         FROM unnest($1::jsonb[], $2::boolean[], $3::text[], $4::text[]) WITH ORDINALITY
           AS c(policy, has_customer, customer, provider, n)`,
      [
        cases.map(([policy]) => JSON.stringify(policy)),
        cases.map(([, hasCustomer]) => hasCustomer),
        cases.map(([, , customer]) => customer),
        cases.map(([, , , provider]) => provider),
      ],
    );
    const expected = cases.map(
      ([policy, hasCustomer, customerCountry, providerCountry]) =>
        complianceRefusal(policy, hasCustomer ? { customerCountry, providerCountry } : undefined) ?? null,
    );
    assert.deepEqual(row!.reasons, expected);
    assert.ok(expected.filter((reason) => reason === null).length > 0, 'some subjects may be served');
    assert.ok(
      expected.some((reason) => reason?.includes("rule 'o'brien'")),
      'a rule name is quoted as given',
    );
  });
});
