import type { Queryable } from '../../storage/database.js';

// Deposit addresses of accounts (docs/decisions/0026-deposit-addresses.md).

export interface AddressRow {
  address: string;
  currency: string;
  derivation_key: number | null;
  xpub: string | null;
  tag: string | null;
}

const ADDRESS_COLUMNS = 'address, currency, derivation_key, xpub, tag::text AS tag';

export interface AddressOwner {
  id: string;
  currency: string;
  xpub: string | null;
  /** The last index derived for it, removed addresses included; null before the first. */
  last_index: number | null;
}

/**
 * The active accounts of the ledger among `ids`, locked in id order (the order every money move locks
 * accounts in), with what generating an address needs: addresses of one account are derived one after
 * the other, so that "the next index" is never taken twice.
 */
export async function lockAddressOwners(tx: Queryable, ledgerId: string, ids: readonly string[]) {
  return tx.query<AddressOwner>(
    `SELECT a.id, a.currency, a.xpub,
            (SELECT max(d.derivation_key) FROM deposit_addresses d WHERE d.account_id = a.id) AS last_index
       FROM accounts a
      WHERE a.ledger_id = $1 AND a.id = ANY ($2::text[]) AND a.active
      ORDER BY a.id
        FOR UPDATE OF a`,
    [ledgerId, ids],
  );
}

/** The account, if active in the ledger: what assigning or listing needs. */
export async function findAddressOwner(db: Queryable, ledgerId: string, id: string) {
  const rows = await db.query<{ id: string; currency: string; xpub: string | null }>(
    'SELECT id, currency, xpub FROM accounts WHERE ledger_id = $1 AND id = $2 AND active',
    [ledgerId, id],
  );
  return rows[0];
}

export interface NewAddress {
  ledgerId: string;
  accountId: string;
  currency: string;
  address: string;
  derivationKey: number | null;
  xpub: string | null;
  tag: number | null;
}

/**
 * Gives the address to the account, unless the account already has that index or the address (with its
 * tag) is already some account's for the asset: then answers which, and nothing is written.
 */
export async function insertAddress(tx: Queryable, row: NewAddress): Promise<'inserted' | 'indexUsed' | 'addressUsed'> {
  const rows = await tx.query<{ outcome: 'inserted' | 'indexUsed' | 'addressUsed' }>(
    `WITH added AS (
       INSERT INTO deposit_addresses (ledger_id, account_id, currency, address, derivation_key, xpub, tag)
       VALUES ($1, $2, $3, $4, $5::int, $6, $7::bigint)
       ON CONFLICT DO NOTHING
       RETURNING seq)
     SELECT CASE WHEN EXISTS (SELECT 1 FROM added) THEN 'inserted'
                 WHEN $5::int IS NOT NULL AND EXISTS (
                   SELECT 1 FROM deposit_addresses WHERE account_id = $2 AND derivation_key = $5::int) THEN 'indexUsed'
                 ELSE 'addressUsed' END AS outcome`,
    [row.ledgerId, row.accountId, row.currency, row.address, row.derivationKey, row.xpub, row.tag],
  );
  return rows[0]!.outcome;
}

/** The account's addresses, oldest first, removed ones left out. */
export async function listAddresses(db: Queryable, accountId: string): Promise<AddressRow[]> {
  return db.query<AddressRow>(
    `SELECT ${ADDRESS_COLUMNS} FROM deposit_addresses WHERE account_id = $1 AND NOT removed ORDER BY seq`,
    [accountId],
  );
}

/** The account that holds the address (with its tag) for the asset, if one does. */
export async function findAddressHolder(
  db: Queryable,
  ledgerId: string,
  currency: string,
  address: string,
  tag: number | null,
): Promise<string | undefined> {
  const rows = await db.query<{ account_id: string }>(
    `SELECT account_id FROM deposit_addresses
      WHERE ledger_id = $1 AND currency = $2 AND address = $3 AND coalesce(tag, 0) = coalesce($4::bigint, 0)
        AND NOT removed`,
    [ledgerId, currency, address, tag],
  );
  return rows[0]?.account_id;
}

/**
 * Takes the address from the account. A derived one stays, removed, so that its index is never used
 * again; an assigned one is forgotten. Answers whether the account held it.
 */
export async function removeAddress(
  db: Queryable,
  accountId: string,
  address: string,
  tag: number | null,
): Promise<boolean> {
  const rows = await db.query<{ removed: boolean }>(
    `WITH held AS (
       SELECT seq, derivation_key FROM deposit_addresses
        WHERE account_id = $1 AND address = $2 AND coalesce(tag, 0) = coalesce($3::bigint, 0) AND NOT removed),
     kept AS (
       UPDATE deposit_addresses SET removed = true
        WHERE seq IN (SELECT seq FROM held WHERE derivation_key IS NOT NULL) RETURNING seq),
     forgotten AS (
       DELETE FROM deposit_addresses WHERE seq IN (SELECT seq FROM held WHERE derivation_key IS NULL) RETURNING seq)
     SELECT EXISTS (SELECT 1 FROM kept UNION ALL SELECT 1 FROM forgotten) AS removed`,
    [accountId, address, tag],
  );
  return rows[0]!.removed;
}
