import type { FiatCurrency } from '../../contract/codes.js';
import type { Customer } from '../../contract/customer.schema.js';
import type { Queryable } from '../../storage/database.js';

export interface CustomerRow {
  id: string;
  external_id: string;
  // Only ever written from a validated FiatCurrency (or the EUR default).
  accounting_currency: FiatCurrency;
  customer_country: string | null;
  provider_country: string | null;
  active: boolean;
  enabled: boolean;
}

const COLUMNS = 'id, external_id, accounting_currency, customer_country, provider_country, active, enabled';

export function customerRowToCustomer(row: CustomerRow): Customer {
  return {
    externalId: row.external_id,
    id: row.id,
    enabled: row.enabled,
    active: row.active,
    accountingCurrency: row.accounting_currency,
    customerCountry: row.customer_country,
    providerCountry: row.provider_country,
  };
}

/** Skipping `offset` customers is a seek on the dense position, whatever the offset (migration 005). */
export async function listCustomers(db: Queryable, ledgerId: string, limit: number, offset: number) {
  return db.query<CustomerRow>(
    `SELECT ${COLUMNS} FROM customers WHERE ledger_id = $1 AND position > $3 ORDER BY position LIMIT $2`,
    [ledgerId, limit, offset],
  );
}

// FOR NO KEY UPDATE, not FOR UPDATE: a customer's id never changes, and an account update that checks
// its foreign key to the customer (FOR KEY SHARE) must not wait for a customer lock held by a
// transaction that itself waits for that account. Lock order: account.service.ts.
const LOCK = ' FOR NO KEY UPDATE';

/** `forUpdate` locks the row: every state change of a customer, or of its accounts, takes it first. */
export async function findCustomerById(db: Queryable, ledgerId: string, id: string, forUpdate = false) {
  const rows = await db.query<CustomerRow>(
    `SELECT ${COLUMNS} FROM customers WHERE ledger_id = $1 AND id = $2${forUpdate ? LOCK : ''}`,
    [ledgerId, id],
  );
  return rows[0];
}

/**
 * For each (ledger, id): the customer whose internal id is `id`, else the one whose externalId is `id`
 * (docs/decisions/0009-customer-lookup-order.md), many in one statement. Each is two unique index
 * lookups; the internal id wins when both match. Answers are keyed by the request's index in `keys`; an
 * unknown id has none.
 */
export async function findCustomersByIdOrExternalId(
  db: Queryable,
  keys: readonly { ledgerId: string; id: string }[],
): Promise<Map<number, CustomerRow>> {
  const rows = await db.query<CustomerRow & { i: number }>(
    `SELECT (q.i - 1)::int AS i, c.* FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(ledger_id, key, i)
     CROSS JOIN LATERAL (
       SELECT ${COLUMNS} FROM customers
        WHERE ledger_id = q.ledger_id AND (id = q.key OR external_id = q.key)
        ORDER BY id = q.key DESC LIMIT 1
     ) c`,
    [keys.map((k) => k.ledgerId), keys.map((k) => k.id)],
  );
  return new Map(rows.map(({ i, ...row }) => [i, row]));
}

export async function findCustomerByExternalId(db: Queryable, ledgerId: string, externalId: string, forUpdate = false) {
  const rows = await db.query<CustomerRow>(
    `SELECT ${COLUMNS} FROM customers WHERE ledger_id = $1 AND external_id = $2${forUpdate ? LOCK : ''}`,
    [ledgerId, externalId],
  );
  return rows[0];
}

/**
 * Inserts a customer unless its externalId is taken in the ledger; returns the new row or nothing.
 * The position comes from the ledger's counter, whose row stays locked until commit: customer
 * creations in one ledger take turns there, which is what keeps positions dense. When the insert
 * loses a race for the externalId, the counter is given back under that same lock.
 */
export async function insertCustomerIfAbsent(
  db: Queryable,
  customer: Omit<CustomerRow, 'active' | 'enabled'> & { ledger_id: string },
) {
  const rows = await db.query<CustomerRow>(
    `WITH counter AS (
       UPDATE ledgers SET customers_count = customers_count + 1 WHERE id = $2 RETURNING customers_count
     )
     INSERT INTO customers (id, ledger_id, position, external_id, accounting_currency, customer_country, provider_country)
     SELECT $1, $2, counter.customers_count, $3, $4, $5, $6 FROM counter
     ON CONFLICT (ledger_id, external_id) DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      customer.id,
      customer.ledger_id,
      customer.external_id,
      customer.accounting_currency,
      customer.customer_country,
      customer.provider_country,
    ],
  );
  if (!rows[0])
    await db.query('UPDATE ledgers SET customers_count = customers_count - 1 WHERE id = $1', [customer.ledger_id]);
  return rows[0];
}

export interface CustomerFields {
  externalId?: string;
  accountingCurrency?: string;
  customerCountry?: string;
  providerCountry?: string;
}

/** Sets the fields that are present and leaves the others as they are. */
export async function updateCustomerFields(db: Queryable, id: string, fields: CustomerFields) {
  const rows = await db.query<CustomerRow>(
    `UPDATE customers SET
       external_id = COALESCE($2, external_id),
       accounting_currency = COALESCE($3, accounting_currency),
       customer_country = COALESCE($4, customer_country),
       provider_country = COALESCE($5, provider_country)
     WHERE id = $1
     RETURNING ${COLUMNS}`,
    [
      id,
      fields.externalId ?? null,
      fields.accountingCurrency ?? null,
      fields.customerCountry ?? null,
      fields.providerCountry ?? null,
    ],
  );
  return rows[0]!;
}

export async function setCustomerFlag(db: Queryable, id: string, flag: 'active' | 'enabled', value: boolean) {
  await db.query(`UPDATE customers SET ${flag} = $2 WHERE id = $1`, [id, value]);
}

export async function customerHasActiveAccount(db: Queryable, customerId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM accounts WHERE customer_id = $1 AND active LIMIT 1', [customerId]);
  return rows.length > 0;
}
