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

const RECORD_COLUMNS = 17;
const INSERT_COLUMNS = `INSERT INTO transactions (ledger_id, account_id, customer_id, counter_account_id, reference,
  amount, currency, operation_type, transaction_type, anonymous, transaction_code, payment_id, sender_note,
  recipient_note, market_value_amount, market_value_currency, market_value_source)`;

/**
 * The records as rows of a VALUES list, their parameters numbered from `first`. Every parameter is
 * cast, so that the list also stands as a table of its own (INSERT … SELECT … FROM (VALUES …)).
 */
function recordRows(records: readonly TransactionRecord[], first: number): { rows: string; params: unknown[] } {
  const rows: string[] = [];
  const params: unknown[] = [];
  for (const r of records) {
    const p = (i: number) => `$${first + params.length + i - 1}`;
    rows.push(
      `(${p(1)}::text, ${p(2)}::text, ${p(3)}::text, ${p(4)}::text, ${p(5)}::text, ${p(6)}::numeric, ${p(7)}::text, ` +
        `${p(8)}::text, ${p(9)}::text, ${p(10)}::boolean, ${p(11)}::text, ${p(12)}::text, ${p(13)}::text, ` +
        `${p(14)}::text, ${p(6)}::numeric * ${p(15)}::numeric, ${p(16)}::text, ${p(17)}::text)`,
    );
    params.push(
      r.ledgerId,
      r.accountId,
      r.customerId,
      r.counterAccountId,
      r.reference,
      r.amount,
      r.currency,
      r.operationType,
      r.transactionType,
      r.anonymous,
      r.transactionCode ?? null,
      r.paymentId ?? null,
      r.senderNote ?? null,
      r.recipientNote ?? null,
      r.marketRate,
      r.marketCurrency,
      'ledger',
    );
  }
  if (params.length !== records.length * RECORD_COLUMNS) throw new Error('transaction record columns out of step');
  return { rows: rows.join(', '), params };
}

/** Inserts records with one statement; they share the transaction's now() as their creation time. */
export async function insertTransactionRecords(tx: Queryable, records: readonly TransactionRecord[]): Promise<void> {
  const { rows, params } = recordRows(records, 1);
  await tx.query(`${INSERT_COLUMNS} VALUES ${rows}`, params);
}

/** Money out of one sender: to each recipient its amount; `released` comes off the sender's blockages first. */
export interface PaymentMove {
  senderId: string;
  items: readonly { recipientId: string; amount: string }[];
  /** The blockage an unblock-with-transaction deletes, released in the same update ("0" otherwise). */
  released: string;
}

/**
 * Every payment out of one sender in one statement, on accounts the caller has locked: takes the total
 * off the sender if its balance less blockages (`released` no longer counted among them) covers it,
 * adds each recipient's amounts to it, and inserts the records, or does none of it. Returns false when
 * the sender's balance does not cover the total. Each account row is updated once: a second update of a row in the same
 * transaction would check its customer key again, which the lock order forbids (account.service.ts).
 * A payment or a batch is then one round trip between the lock and the commit.
 */
export async function movePayments(
  tx: Queryable,
  move: PaymentMove,
  records: readonly TransactionRecord[],
): Promise<boolean> {
  const { rows, params } = recordRows(records, 5);
  // The credits and the records depend on the debit's result, not on the table: each sub-statement
  // sees the same snapshot, and the sender is never among the recipients (payment.account.same).
  const inserted = await tx.query(
    `WITH items AS (
       SELECT recipient_id, amount FROM unnest($2::text[], $3::numeric[]) AS item(recipient_id, amount)
     ), debit AS (
       UPDATE accounts SET balance = balance - (SELECT sum(amount) FROM items), blocked = blocked - $4::numeric
        WHERE id = $1 AND balance - (blocked - $4::numeric) >= (SELECT sum(amount) FROM items) RETURNING id
     ), credit AS (
       UPDATE accounts a SET balance = a.balance + c.amount
         FROM (SELECT recipient_id, sum(amount) AS amount FROM items GROUP BY recipient_id) c
        WHERE a.id = c.recipient_id AND EXISTS (SELECT 1 FROM debit) RETURNING a.id
     )
     ${INSERT_COLUMNS}
     SELECT * FROM (VALUES ${rows}) AS records WHERE EXISTS (SELECT 1 FROM credit)
     RETURNING seq`,
    [
      move.senderId,
      move.items.map((item) => item.recipientId),
      move.items.map((item) => item.amount),
      move.released,
      ...params,
    ],
  );
  return inserted.length > 0;
}

/**
 * Why movePayments refused: the first item (0-based) the sender's available balance does not cover
 * once the items before it are paid, and that balance as it stands before the item.
 */
export async function firstUncoveredPayment(tx: Queryable, move: PaymentMove) {
  const [row] = await tx.query<{ index: number; available: string }>(
    `SELECT (item.ord - 1)::int AS index, trim_scale(a.available - item.before)::text AS available
       FROM (SELECT balance - (blocked - $3::numeric) AS available FROM accounts WHERE id = $1) a,
            (SELECT ord, sum(amount) OVER (ORDER BY ord) AS running, sum(amount) OVER (ORDER BY ord) - amount AS before
               FROM unnest($2::numeric[]) WITH ORDINALITY AS u(amount, ord)) item
      WHERE item.running > a.available
      ORDER BY item.ord LIMIT 1`,
    [move.senderId, move.items.map((item) => item.amount), move.released],
  );
  return row!;
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
}

// `created` as float8 milliseconds: both drivers return a JS number for it (bigint would differ).
const SELECT_TRANSACTION = `
  SELECT account_id, counter_account_id, currency, trim_scale(amount)::text AS amount, anonymous,
         floor(extract(epoch FROM created_at) * 1000)::float8 AS created,
         trim_scale(market_value_amount)::text AS market_value_amount, market_value_currency, market_value_source,
         operation_type, transaction_type, reference, transaction_code, sender_note, recipient_note, payment_id
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
    attr: null,
    address: null,
    txId: null,
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
