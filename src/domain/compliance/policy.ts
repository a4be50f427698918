import { readFile } from 'node:fs/promises';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { COUNTRY_CODES } from '../../contract/codes.js';

const Country = Type.Enum([...COUNTRY_CODES], { type: 'string' });

/**
 * A rule: providers in `providerCountries` ("*" for any provider, and for customers whose provider
 * country is unknown) may not serve customers of `customerCountries`.
 */
export const ComplianceRule = Type.Object({
  name: Type.String({ minLength: 1 }),
  providerCountries: Type.Union([Type.Literal('*'), Type.Array(Country, { minItems: 1 })]),
  customerCountries: Type.Array(Country, { minItems: 1 }),
});
export type ComplianceRule = Static<typeof ComplianceRule>;

export const CompliancePolicy = Type.Object({ rules: Type.Array(ComplianceRule) });
export type CompliancePolicy = Static<typeof CompliancePolicy>;

/**
 * The default: no provider may serve customers of jurisdictions under comprehensive embargo (Cuba,
 * Iran, North Korea, Syria). Operators replace it with a file of their own (LEDGER_COMPLIANCE_POLICY)
 * for the sanctions regimes they are bound by; regions without a country code of their own cannot
 * be expressed here.
 */
export const DEFAULT_COMPLIANCE_POLICY: CompliancePolicy = {
  rules: [{ name: 'comprehensive-embargo', providerCountries: '*', customerCountries: ['CU', 'IR', 'KP', 'SY'] }],
};

export class CompliancePolicyError extends Error {}

/** Reads and checks a policy file. Throws CompliancePolicyError naming what is wrong. */
export async function loadCompliancePolicy(path: string): Promise<CompliancePolicy> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CompliancePolicyError(`Cannot read the compliance policy ${path}: ${(error as Error).message}`);
  }
  if (!Value.Check(CompliancePolicy, parsed)) {
    const [first] = Value.Errors(CompliancePolicy, parsed);
    throw new CompliancePolicyError(
      `The compliance policy ${path} is not valid: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim(),
    );
  }
  return parsed;
}
