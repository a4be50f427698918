import type { CompliancePolicy } from './policy.js';

/** The countries a compliance check looks at: the customer's, and its provider's. */
export interface ComplianceSubject {
  customerCountry: string | null;
  providerCountry: string | null;
}

/**
 * Why a customer may not be served under the policy, or undefined when it may. A customer without a
 * country cannot be checked, and so is refused: that is what `compliant: true` asks for.
 */
export function complianceRefusal(
  policy: CompliancePolicy,
  subject: ComplianceSubject | undefined,
): string | undefined {
  if (!subject?.customerCountry) return 'customer country is not defined.';
  const { customerCountry, providerCountry } = subject;
  for (const rule of policy.rules) {
    const provider =
      rule.providerCountries === '*' ||
      (providerCountry !== null && (rule.providerCountries as readonly string[]).includes(providerCountry));
    if (provider && (rule.customerCountries as readonly string[]).includes(customerCountry)) {
      return `rule '${rule.name}': provider country ${providerCountry ?? 'unknown'} may not serve customer country ${customerCountry}.`;
    }
  }
  return undefined;
}
