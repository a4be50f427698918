import type { Deposit, DepositQuery, DepositStatus } from '../../contract/deposit.schema.js';
import type { Queryable } from '../../storage/database.js';

// Deposits as Tatum lists them. Reporting one may credit an account, so it is a database function
// called from ../balances/boundary.repository.ts.

interface DepositRow {
  tx_id: string;
  address: string | null;
  timestamp: number;
  xpub: string | null;
  derivation_key: number | null;
  amount: string;
  status: DepositStatus;
  account_id: string;
  currency: string;
  reference: string;
  vout: number;
  block_height: string;
  block_hash: string | null;
  from_address: string | null;
}

const SELECT_DEPOSIT = `
  SELECT tx_id, address, floor(extract(epoch FROM created_at) * 1000)::float8 AS timestamp, xpub, derivation_key,
         trim_scale(amount)::text AS amount, status, account_id, currency, reference, vout,
         block_height::text AS block_height, block_hash, from_address
    FROM deposits`;

function rowToDeposit(row: DepositRow): Deposit {
  return {
    txId: row.tx_id,
    address: row.address,
    timestamp: row.timestamp,
    xpub: row.xpub,
    derivationKey: row.derivation_key,
    amount: row.amount,
    status: row.status,
    accountId: row.account_id,
    currency: row.currency,
    reference: row.reference,
    vout: row.vout,
    // The server knows nothing of what happens to the coins on the chain afterwards.
    spent: false,
    blockHeight: Number(row.block_height),
    blockHash: row.block_hash,
    from: row.from_address,
  };
}

export async function findDeposit(db: Queryable, seq: string): Promise<Deposit> {
  const rows = await db.query<DepositRow>(`${SELECT_DEPOSIT} WHERE seq = $1::bigint`, [seq]);
  return rowToDeposit(rows[0]!);
}

/** The WHERE clause of a list or count: the ledger and every filter given, each a parameter. */
function whereOf(ledgerId: string, query: DepositQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [ledgerId];
  const where = ['ledger_id = $1'];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  add('status', query.status);
  add('currency', query.currency);
  add('tx_id', query.txId);
  add('address', query.to);
  add('account_id', query.accountId);
  return { sql: where.join(' AND '), params };
}

export async function listDeposits(db: Queryable, ledgerId: string, query: DepositQuery): Promise<Deposit[]> {
  const { sql, params } = whereOf(ledgerId, query);
  const pageSize = query.pageSize ?? 50;
  const order = query.sort === 'desc' ? 'DESC' : 'ASC';
  const rows = await db.query<DepositRow>(
    `${SELECT_DEPOSIT} WHERE ${sql} ORDER BY seq ${order} LIMIT ${pageSize} OFFSET ${(query.page ?? 0) * pageSize}`,
    params,
  );
  return rows.map(rowToDeposit);
}

export async function countDeposits(db: Queryable, ledgerId: string, query: DepositQuery): Promise<number> {
  const { sql, params } = whereOf(ledgerId, query);
  const rows = await db.query<{ total: string }>(`SELECT count(*)::text AS total FROM deposits WHERE ${sql}`, params);
  return Number(rows[0]!.total);
}
