import type { Blockage } from '../../contract/blockage.schema.js';
import type { Queryable } from '../../storage/database.js';

export interface BlockageRow {
  id: string;
  account_id: string;
  amount: string;
  type: string;
  description: string | null;
}

const COLUMNS = 'id, account_id, trim_scale(amount)::text AS amount, type, description';

export const FROZEN_BLOCKAGE_TYPE = 'ACCOUNT_FROZEN';

export function blockageRowToBlockage(row: BlockageRow): Blockage {
  return { id: row.id, accountId: row.account_id, amount: row.amount, type: row.type, description: row.description };
}

export async function insertBlockage(
  tx: Queryable,
  blockage: {
    id: string;
    ledgerId: string;
    accountId: string;
    amount: string;
    type: string;
    description: string | null;
    /** The blockage an account freeze makes, the one its unfreeze deletes (migration 007). */
    accountFreeze?: boolean;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO blockages (id, ledger_id, account_id, amount, type, description, account_freeze)
     VALUES ($1, $2, $3, $4::numeric, $5, $6, $7)`,
    [
      blockage.id,
      blockage.ledgerId,
      blockage.accountId,
      blockage.amount,
      blockage.type,
      blockage.description,
      blockage.accountFreeze ?? false,
    ],
  );
}

export async function findBlockage(db: Queryable, ledgerId: string, id: string) {
  const rows = await db.query<BlockageRow>(`SELECT ${COLUMNS} FROM blockages WHERE ledger_id = $1 AND id = $2`, [
    ledgerId,
    id,
  ]);
  return rows[0];
}

export async function listBlockages(db: Queryable, accountId: string, limit: number, offset: number) {
  return db.query<BlockageRow>(
    `SELECT ${COLUMNS} FROM blockages WHERE account_id = $1 ORDER BY seq LIMIT $2 OFFSET $3`,
    [accountId, limit, offset],
  );
}

/** Deletes one blockage; returns it, or nothing when another request deleted it first. */
export async function deleteBlockage(tx: Queryable, id: string) {
  const rows = await tx.query<BlockageRow>(`DELETE FROM blockages WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
  return rows[0];
}

/**
 * Deletes the account's blockages, or with `onlyFreeze` only the one its freeze made; returns how many
 * and their sum.
 */
export async function deleteBlockagesOfAccount(tx: Queryable, accountId: string, onlyFreeze = false) {
  const [row] = await tx.query<{ count: number; total: string }>(
    `WITH gone AS (DELETE FROM blockages WHERE account_id = $1 AND (account_freeze OR NOT $2) RETURNING amount)
     SELECT count(*)::int AS count, COALESCE(sum(amount), 0)::text AS total FROM gone`,
    [accountId, onlyFreeze],
  );
  return row!;
}

export async function accountHasBlockages(db: Queryable, accountId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM blockages WHERE account_id = $1 LIMIT 1', [accountId])).length > 0;
}
