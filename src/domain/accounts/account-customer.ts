import type { CustomerRegistration } from '../../contract/customer.schema.js';
import type { Queryable } from '../../storage/database.js';
import {
  findCustomerByExternalId,
  insertCustomerIfAbsent,
  updateCustomerFields,
  type CustomerRow,
} from '../customers/customer.repository.js';
import type { Changes } from '../changes.js';
import { newId } from '../ids.js';
import { LedgerError } from '../ledger-error.js';

const DEFAULT_ACCOUNTING_CURRENCY = 'EUR';

/**
 * The `customer` of account creation: the customer with this externalId, created if new, updated
 * with the fields the request carries if not (docs/decisions/0011-account-creation-upserts-customer.md).
 * The row comes back locked, so that deactivation cannot run between this check and the new account.
 * What changed is announced on `changes`. Throws customerNotActive (inactive), customerDisabledNoAccount
 * (disabled).
 */
export async function upsertAccountCustomer(
  changes: Changes,
  tx: Queryable,
  ledgerId: string,
  registration: CustomerRegistration,
): Promise<CustomerRow> {
  // An existing customer is the common case; only a new one takes the ledger's position counter.
  const found = await findCustomerByExternalId(tx, ledgerId, registration.externalId, true);
  if (!found) {
    const created = await insertCustomerIfAbsent(tx, {
      id: newId(),
      ledger_id: ledgerId,
      external_id: registration.externalId,
      accounting_currency: registration.accountingCurrency ?? DEFAULT_ACCOUNTING_CURRENCY,
      customer_country: registration.customerCountry ?? null,
      provider_country: registration.providerCountry ?? null,
    });
    if (created) {
      // A lookup by this id may have found another customer whose externalId it equals.
      changes.announce(tx, { customer: { ledgerId, id: created.id } });
      return created;
    }
  }
  // Found, or created by another request between the lookup and the insert.
  const existing = found ?? (await findCustomerByExternalId(tx, ledgerId, registration.externalId, true))!;

  if (!existing.active) throw new LedgerError('customerNotActive');
  if (!existing.enabled) throw new LedgerError('customerDisabledNoAccount', { customerId: existing.id });
  const { accountingCurrency, customerCountry, providerCountry } = registration;
  if (!accountingCurrency && !customerCountry && !providerCountry) return existing;
  changes.announce(tx, { customer: { ledgerId, id: existing.id } });
  return updateCustomerFields(tx, existing.id, { accountingCurrency, customerCountry, providerCountry });
}

export { DEFAULT_ACCOUNTING_CURRENCY };
