import type { Transaction, TransactionQuery } from '../../contract/transaction.schema.js';
import type { Queryable } from '../../storage/database.js';

/** One record of a transaction: the change of one account's balance. */
export interface TransactionRecord {
  ledgerId: string;
  accountId: string;
  customerId: string | null;
  counterAccountId: string | null;
  reference: string;
  /** Signed decimal string: negative on the debited account. */
  amount: string;
  currency: string;
  operationType: string;
  transactionType: string;
  anonymous: boolean;
  transactionCode?: string;
  paymentId?: string;
  senderNote?: string;
  recipientNote?: string;
  /** Multiplies the amount into the market value; the market value's currency. */
  marketRate: string;
  marketCurrency: string;
}

// The records travel as one array per column and are unnested into rows, so that one statement text
// (prepared once, planned once) serves a single payment and a batch of hundreds alike: a VALUES list
// of one row per record would make a new statement, with seventeen parameters per record, for every
// batch size.
const RECORD_ARRAYS = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[],
  $8::text[], $9::text[], $10::boolean[], $11::text[], $12::text[], $13::text[], $14::text[], $15::numeric[],
  $16::text[]) AS r(ledger_id, account_id, customer_id, counter_account_id, reference, amount, currency,
  operation_type, transaction_type, anonymous, transaction_code, payment_id, sender_note, recipient_note,
  market_rate, market_currency)`;
export const INSERT_RECORDS = `INSERT INTO transactions (ledger_id, account_id, customer_id, counter_account_id, reference,
    amount, currency, operation_type, transaction_type, anonymous, transaction_code, payment_id, sender_note,
    recipient_note, market_value_amount, market_value_currency, market_value_source)
  SELECT r.ledger_id, r.account_id, r.customer_id, r.counter_account_id, r.reference, r.amount, r.currency,
         r.operation_type, r.transaction_type, r.anonymous, r.transaction_code, r.payment_id, r.sender_note,
         r.recipient_note, r.amount * r.market_rate, r.market_currency, 'ledger'
    FROM ${RECORD_ARRAYS}`;

/** The records as the sixteen column arrays $1..$16 of INSERT_RECORDS, in their order. */
export function recordColumns(records: readonly TransactionRecord[]): unknown[][] {
  return [
    records.map((r) => r.ledgerId),
    records.map((r) => r.accountId),
    records.map((r) => r.customerId),
    records.map((r) => r.counterAccountId),
    records.map((r) => r.reference),
    records.map((r) => r.amount),
    records.map((r) => r.currency),
    records.map((r) => r.operationType),
    records.map((r) => r.transactionType),
    records.map((r) => r.anonymous),
    records.map((r) => r.transactionCode ?? null),
    records.map((r) => r.paymentId ?? null),
    records.map((r) => r.senderNote ?? null),
    records.map((r) => r.recipientNote ?? null),
    records.map((r) => r.marketRate),
    records.map((r) => r.marketCurrency),
  ];
}

/** Inserts records with one statement; they share the transaction's now() as their creation time. */
export async function insertTransactionRecords(tx: Queryable, records: readonly TransactionRecord[]): Promise<void> {
  await tx.query(INSERT_RECORDS, recordColumns(records));
}

interface TransactionRow {
  account_id: string;
  counter_account_id: string | null;
  currency: string;
  amount: string;
  anonymous: boolean;
  created: number;
  market_value_amount: string;
  market_value_currency: string;
  market_value_source: string;
  operation_type: string;
  transaction_type: string;
  reference: string;
  transaction_code: string | null;
  sender_note: string | null;
  recipient_note: string | null;
  payment_id: string | null;
  attr: string | null;
  address: string | null;
  tx_id: string | null;
}

// `created` as float8 milliseconds: both drivers return a JS number for it (bigint would differ).
const SELECT_TRANSACTION = `
  SELECT account_id, counter_account_id, currency, trim_scale(amount)::text AS amount, anonymous,
         floor(extract(epoch FROM created_at) * 1000)::float8 AS created,
         trim_scale(market_value_amount)::text AS market_value_amount, market_value_currency, market_value_source,
         operation_type, transaction_type, reference, transaction_code, sender_note, recipient_note, payment_id,
         attr, address, tx_id
    FROM transactions`;

function rowToTransaction(row: TransactionRow): Transaction {
  return {
    accountId: row.account_id,
    counterAccountId: row.counter_account_id,
    currency: row.currency,
    amount: row.amount,
    anonymous: row.anonymous,
    created: row.created,
    marketValue: {
      amount: row.market_value_amount,
      currency: row.market_value_currency,
      sourceDate: row.created,
      source: row.market_value_source,
    },
    operationType: row.operation_type,
    transactionType: row.transaction_type,
    reference: row.reference,
    transactionCode: row.transaction_code,
    senderNote: row.sender_note,
    recipientNote: row.recipient_note,
    paymentId: row.payment_id,
    attr: row.attr,
    address: row.address,
    txId: row.tx_id,
  };
}

const AMOUNT_OPS: Record<string, string> = { gte: '>=', lte: '<=', gt: '>', lt: '<', eq: '=', neq: '<>' };

/** The WHERE clause of a find: every condition ANDed, every value a parameter. */
function whereOf(ledgerId: string, query: TransactionQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [ledgerId];
  const where = ['ledger_id = $1'];
  const add = (condition: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (query.accountId) add((p) => `account_id = ${p}`, query.accountId);
  if (query.customerId) add((p) => `customer_id = ${p}`, query.customerId);
  if (query.account) add((p) => `account_id = ${p}`, query.account);
  if (query.counterAccount) add((p) => `counter_account_id = ${p}`, query.counterAccount);
  if (query.from !== undefined) add((p) => `created_at >= to_timestamp(${p}::float8 / 1000)`, query.from);
  if (query.to !== undefined) add((p) => `created_at <= to_timestamp(${p}::float8 / 1000)`, query.to);
  if (query.currency) add((p) => `currency = ${p}`, query.currency);
  if (query.currencies?.length) add((p) => `currency = ANY(${p}::text[])`, query.currencies);
  for (const condition of query.amount ?? [])
    add((p) => `amount ${AMOUNT_OPS[condition.op]} ${p}::numeric`, condition.value);
  const types = [...(query.transactionType ? [query.transactionType] : []), ...(query.transactionTypes ?? [])];
  if (types.length) add((p) => `transaction_type = ANY(${p}::text[])`, types);
  if (query.opType) add((p) => `operation_type = ${p}`, query.opType);
  if (query.transactionCode) add((p) => `transaction_code = ${p}`, query.transactionCode);
  if (query.paymentId) add((p) => `payment_id = ${p}`, query.paymentId);
  if (query.recipientNote) add((p) => `recipient_note = ${p}`, query.recipientNote);
  if (query.senderNote) add((p) => `sender_note = ${p}`, query.senderNote);
  return { sql: where.join(' AND '), params };
}

export async function findTransactions(
  db: Queryable,
  ledgerId: string,
  query: TransactionQuery,
  limit: number,
  offset: number,
): Promise<Transaction[]> {
  const { sql, params } = whereOf(ledgerId, query);
  const rows = await db.query<TransactionRow>(
    `${SELECT_TRANSACTION} WHERE ${sql} ORDER BY seq LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return rows.map(rowToTransaction);
}

export async function countTransactions(db: Queryable, ledgerId: string, query: TransactionQuery): Promise<number> {
  const { sql, params } = whereOf(ledgerId, query);
  const [row] = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM transactions WHERE ${sql}`,
    params,
  );
  return row!.total;
}

/**
 * The ledger's records of the last `hours` hours, by the database's clock, newest first, at most `max`:
 * the TRANSACTION_HISTORY_REPORT (docs/decisions/0029-subscriptions.md).
 */
export async function findRecentTransactions(
  db: Queryable,
  ledgerId: string,
  hours: number,
  max: number,
): Promise<Transaction[]> {
  const rows = await db.query<TransactionRow>(
    `${SELECT_TRANSACTION} WHERE ledger_id = $1 AND created_at >= now() - make_interval(hours => $2::int)
      ORDER BY seq DESC LIMIT $3`,
    [ledgerId, hours, max],
  );
  return rows.map(rowToTransaction);
}

/**
 * Whether `reference` is still free in the ledger, holding it for the caller's transaction: an
 * advisory lock on the pair makes a second claim wait until the first commits or rolls back, and then
 * see its records. Only mint and revoke take a reference from the caller; every other one is a new
 * UUID, so the lock is needed only there.
 */
export async function claimReference(tx: Queryable, ledgerId: string, reference: string): Promise<boolean> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${ledgerId}:${reference}`]);
  const taken = await tx.query('SELECT 1 FROM transactions WHERE ledger_id = $1 AND reference = $2 LIMIT 1', [
    ledgerId,
    reference,
  ]);
  return taken.length === 0;
}

export async function findTransactionsByReference(db: Queryable, ledgerId: string, reference: string) {
  const rows = await db.query<TransactionRow>(
    `${SELECT_TRANSACTION} WHERE ledger_id = $1 AND reference = $2 ORDER BY seq`,
    [ledgerId, reference],
  );
  return rows.map(rowToTransaction);
}
