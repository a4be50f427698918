import type { Blockage } from '../../contract/blockage.schema.js';
import type { Queryable } from '../../storage/database.js';

// Blockages as they are read. Every statement that makes or deletes one changes the account's blocked
// sum with it, and is in ../balances/ (holds, freezes, blockage payouts).

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
