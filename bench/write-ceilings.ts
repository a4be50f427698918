import { newId } from '../src/domain/ids.js';
import { ceilingLoops, type CeilingDatabase } from './db-ceiling.js';
import { CURRENCY, type CustomerRef } from './layout.js';
import type { Measurement } from './stats.js';

// The database ceilings of the writes that are not payments, like the payment's (db-ceiling.ts): the
// least SQL a correct ledger runs for the same request, one transaction each, no HTTP, at the same
// concurrency and through the same pool or PGlite instance. Nothing needs deciding between the steps
// of either, so each is one statement, sent alone as its own transaction (no BEGIN and COMMIT round
// trips, during which the rows it wrote would stay locked), and it returns what the answer shows.

const CUSTOMER_COLUMNS = 'id, external_id, accounting_currency, customer_country, provider_country, active, enabled';
const ACCOUNT_COLUMNS =
  'id, customer_id, currency, xpub, account_code, account_number, accounting_currency, active, frozen, balance, blocked';

/** "Update customer" as the bench sends it: the same externalId, a new customer country. */
async function updateCustomer(db: CeilingDatabase, ledgerId: string, customer: CustomerRef, country: string) {
  const rows = await db.query(
    `UPDATE customers SET external_id = $3, customer_country = $4 WHERE ledger_id = $1 AND id = $2
     RETURNING ${CUSTOMER_COLUMNS}`,
    [ledgerId, customer.id, customer.externalId, country],
  );
  if (rows.length !== 1) throw new Error('ceiling update found no customer');
}

/**
 * "Create account, new customer": the customer takes the ledger's next position (so positions stay
 * dense, as the ledger's invariants want), the account is inserted for it, and the account comes back.
 */
async function createAccount(db: CeilingDatabase, ledgerId: string, externalId: string) {
  const rows = await db.query(
    `WITH counter AS (
       UPDATE ledgers SET customers_count = customers_count + 1 WHERE id = $1 RETURNING customers_count
     ), customer AS (
       INSERT INTO customers (id, ledger_id, position, external_id)
       SELECT $2, $1, customers_count, $3 FROM counter
       RETURNING id, accounting_currency
     )
     INSERT INTO accounts (id, ledger_id, customer_id, currency, accounting_currency)
     SELECT $4, $1, customer.id, $5, customer.accounting_currency FROM customer
     RETURNING ${ACCOUNT_COLUMNS}`,
    [ledgerId, newId(), externalId, newId(), CURRENCY],
  );
  if (rows.length !== 1) throw new Error('ceiling creation made no account');
}

const COUNTRIES = ['DE', 'FR', 'CZ', 'SK'];

export function updateCustomerCeiling(
  db: CeilingDatabase,
  ledgerId: string,
  customers: readonly CustomerRef[],
  workers: number,
  seconds: number,
): Promise<Measurement> {
  const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
  return ceilingLoops(workers, seconds, () => {
    const customer = pick(customers);
    const country = pick(COUNTRIES);
    return () => updateCustomer(db, ledgerId, customer, country);
  });
}

let created = 0;
const createdPrefix = `bench-ceiling-${Date.now().toString(36)}`;

export function createAccountCeiling(
  db: CeilingDatabase,
  ledgerId: string,
  workers: number,
  seconds: number,
): Promise<Measurement> {
  return ceilingLoops(workers, seconds, () => {
    const externalId = `${createdPrefix}-${++created}`;
    return () => createAccount(db, ledgerId, externalId);
  });
}
