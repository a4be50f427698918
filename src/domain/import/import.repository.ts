import type { Customer } from '../../contract/customer.schema.js';
import type { Queryable } from '../../storage/database.js';

// The rows an import writes, other than balances (../balances/imported-accounts.repository.ts), and its
// own record (migration 014). Every write keeps the source's id, reference and timestamp, and leaves
// out what names another ledger's row: an id that another ledger already has is reported, never
// written over (docs/decisions/0038-ledger-import.md).

export interface ImportRow {
  source: string;
  state: string;
  window_to: string | null;
  finished_at: Date | null;
}

export async function findImport(db: Queryable, ledgerId: string): Promise<ImportRow | undefined> {
  const [row] = await db.query<ImportRow>(
    'SELECT source, state, window_to::text AS window_to, finished_at FROM imports WHERE ledger_id = $1',
    [ledgerId],
  );
  return row;
}

/** Records where the import stands; `windowTo` and `finished` once a run has gone through every stage. */
export async function saveImport(
  tx: Queryable,
  ledgerId: string,
  source: string,
  state: string,
  finished?: { windowTo: number },
): Promise<void> {
  await tx.query(
    `INSERT INTO imports (ledger_id, source, state, window_to, finished_at)
     VALUES ($1, $2, $3, $4::bigint, CASE WHEN $4::bigint IS NULL THEN NULL ELSE now() END)
     ON CONFLICT (ledger_id) DO UPDATE
        SET source = EXCLUDED.source, state = EXCLUDED.state,
            window_to = coalesce(EXCLUDED.window_to, imports.window_to),
            finished_at = coalesce(EXCLUDED.finished_at, imports.finished_at)`,
    [ledgerId, source, state, finished?.windowTo ?? null],
  );
}

/**
 * Plans this transaction's statements for the parameters they get. An import fills tables that start
 * empty: a plan cached while a table was small (a scan of it all) would be kept as it grows to
 * millions of rows, each page then reading the whole table.
 */
export async function planForTheseRows(tx: Queryable): Promise<void> {
  await tx.query('SET LOCAL plan_cache_mode = force_custom_plan');
}

/**
 * Gathers the planner's statistics of the tables an import filled: a target that was empty, on a
 * server whose autovacuum has not come round yet, would otherwise be planned as if it still were (the
 * verification's counts, and the server's own queries afterwards).
 */
export async function analyzeImported(db: Queryable): Promise<void> {
  await db.query(
    'ANALYZE customers, accounts, blockages, transactions, deposit_addresses, withdrawals, deposits, trades',
  );
}

/** Whether the ledger holds anything a user made: customers, accounts or subscriptions. */
export async function ledgerHoldsData(db: Queryable, ledgerId: string): Promise<boolean> {
  const [row] = await db.query<{ holds: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM customers WHERE ledger_id = $1)
         OR EXISTS (SELECT 1 FROM accounts WHERE ledger_id = $1)
         OR EXISTS (SELECT 1 FROM subscriptions WHERE ledger_id = $1) AS holds`,
    [ledgerId],
  );
  return row!.holds;
}

/** The oldest usable key of the ledger: the one imported subscriptions sign their webhooks with. */
export async function findLedgerKeyId(db: Queryable, ledgerId: string): Promise<string | undefined> {
  const [row] = await db.query<{ id: string }>(
    `SELECT id FROM api_keys WHERE ledger_id = $1 AND revoked_at IS NULL ORDER BY created_at, id LIMIT 1`,
    [ledgerId],
  );
  return row?.id;
}

// New customers take the next positions of the ledger's counter, in the source's order (migration 005:
// positions are dense, in creation order); those already here take the source's fields as they are now.
const UPSERT_CUSTOMERS = `
  WITH given AS (
    SELECT g.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::boolean[])
           WITH ORDINALITY AS g(id, external_id, accounting_currency, customer_country, provider_country, active,
                                enabled, ord)
  ), updated AS (
    UPDATE customers c
       SET external_id = g.external_id, accounting_currency = coalesce(g.accounting_currency, 'EUR'),
           customer_country = g.customer_country, provider_country = g.provider_country, active = g.active,
           enabled = g.enabled
      FROM given g
     WHERE c.id = g.id AND c.ledger_id = $1
       AND (c.external_id, c.accounting_currency, c.customer_country, c.provider_country, c.active, c.enabled)
           IS DISTINCT FROM (g.external_id, coalesce(g.accounting_currency, 'EUR'), g.customer_country,
                             g.provider_country, g.active, g.enabled)
    RETURNING c.id
  ), fresh AS (
    SELECT g.*, row_number() OVER (ORDER BY g.ord) AS n
      FROM given g WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = g.id)
  ), counter AS (
    UPDATE ledgers SET customers_count = customers_count + (SELECT count(*) FROM fresh)
     WHERE id = $1
    RETURNING customers_count - (SELECT count(*) FROM fresh) AS base
  ), inserted AS (
    INSERT INTO customers (id, ledger_id, position, external_id, accounting_currency, customer_country,
                           provider_country, active, enabled)
    SELECT f.id, $1, counter.base + f.n, f.external_id, coalesce(f.accounting_currency, 'EUR'), f.customer_country,
           f.provider_country, f.active, f.enabled
      FROM fresh f, counter ORDER BY f.n
    RETURNING id
  )
  SELECT g.id FROM given g
   WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = g.id AND c.ledger_id <> $1)`;

/** Writes the customers; answers the ids left out because another ledger has them. */
export async function upsertCustomers(tx: Queryable, ledgerId: string, customers: readonly Customer[]) {
  const rows = await tx.query<{ id: string }>(UPSERT_CUSTOMERS, [
    ledgerId,
    customers.map((c) => c.id),
    customers.map((c) => c.externalId),
    customers.map((c) => c.accountingCurrency),
    customers.map((c) => c.customerCountry),
    customers.map((c) => c.providerCountry),
    customers.map((c) => c.active),
    customers.map((c) => c.enabled),
  ]);
  return rows.map((row) => row.id);
}

/** The ledger's customers with these ids, as clients see them. */
export async function findCustomersByIds(db: Queryable, ledgerId: string, ids: readonly string[]) {
  return db.query<{
    id: string;
    external_id: string;
    accounting_currency: string;
    customer_country: string | null;
    provider_country: string | null;
    active: boolean;
    enabled: boolean;
  }>(
    `SELECT id, external_id, accounting_currency, customer_country, provider_country, active, enabled
       FROM customers WHERE ledger_id = $1 AND id = ANY($2::text[])`,
    [ledgerId, ids],
  );
}

/** The distinct currencies of the ledger's accounts, in name order. */
export async function accountCurrencies(db: Queryable, ledgerId: string): Promise<string[]> {
  const rows = await db.query<{ currency: string }>(
    'SELECT DISTINCT currency FROM accounts WHERE ledger_id = $1 ORDER BY currency',
    [ledgerId],
  );
  return rows.map((row) => row.currency);
}

export interface ImportedCurrency {
  name: string;
  supply: string;
  basePair: string;
  baseRate: string;
  description: string | null;
  issuerAccountId: string;
}

/** Writes a virtual currency, or its supply and pricing now; false when its issuer account is not this ledger's. */
export async function upsertVirtualCurrency(tx: Queryable, ledgerId: string, vc: ImportedCurrency): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO virtual_currencies (ledger_id, name, supply, base_pair, base_rate, description, issuer_account_id,
                                     customer_id)
     SELECT $1, $2, $3::numeric, $4, $5::numeric, $6, a.id, a.customer_id
       FROM accounts a WHERE a.id = $7 AND a.ledger_id = $1
     ON CONFLICT (ledger_id, name) DO UPDATE
        SET supply = EXCLUDED.supply, base_pair = EXCLUDED.base_pair, base_rate = EXCLUDED.base_rate,
            description = EXCLUDED.description
     RETURNING name`,
    [ledgerId, vc.name, vc.supply, vc.basePair, vc.baseRate, vc.description, vc.issuerAccountId],
  );
  return rows.length > 0;
}

export interface ImportedAddress {
  accountId: string;
  currency: string;
  address: string;
  derivationKey: number | null;
  xpub: string | null;
  tag: string | null;
}

/** Writes the account's deposit addresses that are not here yet, in the source's order. */
export async function insertAddresses(tx: Queryable, ledgerId: string, addresses: readonly ImportedAddress[]) {
  await tx.query(
    `INSERT INTO deposit_addresses (ledger_id, account_id, currency, address, derivation_key, xpub, tag)
     SELECT $1, g.account_id, g.currency, g.address, g.derivation_key, g.xpub, g.tag
       FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::bigint[])
            WITH ORDINALITY AS g(account_id, currency, address, derivation_key, xpub, tag, ord)
      WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = g.account_id AND a.ledger_id = $1)
        AND NOT EXISTS (SELECT 1 FROM deposit_addresses d
                         WHERE d.ledger_id = $1 AND d.currency = g.currency AND d.address = g.address
                           AND coalesce(d.tag, 0) = coalesce(g.tag, 0))
      ORDER BY g.ord`,
    [
      ledgerId,
      addresses.map((a) => a.accountId),
      addresses.map((a) => a.currency),
      addresses.map((a) => a.address),
      addresses.map((a) => a.derivationKey),
      addresses.map((a) => a.xpub),
      addresses.map((a) => a.tag),
    ],
  );
}

export interface ImportedRecord {
  accountId: string;
  counterAccountId: string | null;
  reference: string;
  amount: string;
  currency: string;
  operationType: string;
  transactionType: string;
  anonymous: boolean;
  transactionCode: string | null;
  paymentId: string | null;
  senderNote: string | null;
  recipientNote: string | null;
  marketValueAmount: string;
  marketValueCurrency: string;
  marketValueSource: string;
  /** UTC milliseconds. */
  created: number;
  attr: string | null;
  address: string | null;
  txId: string | null;
}

// Records are written in the source's order with the source's creation time; each takes its account's
// customer, as the ledger writes them. A record created at the window's first millisecond may have been
// read by the run before (whose window ended there): it is written only if no record alike is here.
const INSERT_RECORDS = `
  WITH given AS (
    SELECT r.* FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::text[], $8::text[],
           $9::boolean[], $10::text[], $11::text[], $12::text[], $13::text[], $14::numeric[], $15::text[], $16::text[],
           $17::float8[], $18::text[], $19::text[], $20::text[])
           WITH ORDINALITY AS r(account_id, counter_account_id, reference, amount, currency, operation_type,
                                transaction_type, anonymous, transaction_code, payment_id, sender_note, recipient_note,
                                market_value_amount, market_value_currency, market_value_source, created, attr,
                                address, tx_id, ord)
  ), placed AS (
    SELECT r.*, a.customer_id, to_timestamp(r.created / 1000) AS created_at
      FROM given r JOIN accounts a ON a.id = r.account_id AND a.ledger_id = $1
  ), inserted AS (
    INSERT INTO transactions (ledger_id, account_id, customer_id, counter_account_id, reference, amount, currency,
                              operation_type, transaction_type, anonymous, transaction_code, payment_id, sender_note,
                              recipient_note, market_value_amount, market_value_currency, market_value_source,
                              created_at, attr, address, tx_id)
    SELECT $1, p.account_id, p.customer_id, p.counter_account_id, p.reference, p.amount, p.currency, p.operation_type,
           p.transaction_type, p.anonymous, p.transaction_code, p.payment_id, p.sender_note, p.recipient_note,
           p.market_value_amount, p.market_value_currency, p.market_value_source, p.created_at, p.attr, p.address,
           p.tx_id
      FROM placed p
     WHERE NOT (p.created = $21::float8 AND EXISTS (
             SELECT 1 FROM transactions t
              WHERE t.ledger_id = $1 AND t.reference = p.reference AND t.account_id = p.account_id
                AND t.transaction_type = p.transaction_type AND t.amount = p.amount AND t.created_at = p.created_at))
     ORDER BY p.ord
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM inserted)::int AS written, (SELECT count(*) FROM placed)::int AS placed`;

/**
 * Writes a page of transaction records; answers how many were written and how many were left out
 * because their account is not this ledger's.
 */
export async function insertRecords(
  tx: Queryable,
  ledgerId: string,
  records: readonly ImportedRecord[],
  windowFrom: number | null,
): Promise<{ written: number; orphaned: number }> {
  const column = <K extends keyof ImportedRecord>(key: K) => records.map((r) => r[key]);
  const [row] = await tx.query<{ written: number; placed: number }>(INSERT_RECORDS, [
    ledgerId,
    column('accountId'),
    column('counterAccountId'),
    column('reference'),
    column('amount'),
    column('currency'),
    column('operationType'),
    column('transactionType'),
    column('anonymous'),
    column('transactionCode'),
    column('paymentId'),
    column('senderNote'),
    column('recipientNote'),
    column('marketValueAmount'),
    column('marketValueCurrency'),
    column('marketValueSource'),
    column('created'),
    column('attr'),
    column('address'),
    column('txId'),
    windowFrom ?? -1,
  ]);
  return { written: row!.written, orphaned: records.length - row!.placed };
}

/** How many records each of these accounts has, for the verification. */
export async function countRecordsOf(db: Queryable, ledgerId: string, ids: readonly string[]) {
  const rows = await db.query<{ account_id: string; total: number }>(
    `SELECT account_id, count(*)::int AS total FROM transactions
      WHERE ledger_id = $1 AND account_id = ANY($2::text[]) GROUP BY account_id`,
    [ledgerId, ids],
  );
  return new Map(rows.map((row) => [row.account_id, row.total]));
}

export interface ImportedWithdrawal {
  id: string;
  accountId: string;
  currency: string;
  address: string;
  amount: string;
  fee: string;
  feeIncluded: boolean;
  /** What a cancel gave back, where the source lists it (this server does; Tatum does not). */
  refund: string | null;
  attr: string | null;
  multipleAmounts: string | null;
  paymentId: string | null;
  senderNote: string | null;
  reference: string;
  txId: string | null;
  status: string;
  oneAtATime: boolean;
  /** UTC milliseconds. */
  date: number;
}

// A cancelled withdrawal's refund is the source's where it lists one; Tatum's list has none, and then it
// is taken as a cancel's default (revert): the amount, and the fee when the fee was debited with it.
// `multiple_amounts` travels as JSON text.
const UPSERT_WITHDRAWALS = `
  WITH given AS (
    SELECT g.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::boolean[],
           $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::boolean[],
           $17::float8[], $18::numeric[])
           WITH ORDINALITY AS g(id, account_id, currency, address, amount, fee, fee_included, attr, multiple_amounts,
                                payment_id, sender_note, reference, tx_id, status, one_at_a_time, date, refund, ord)
     WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = g.account_id AND a.ledger_id = $1)
       AND NOT EXISTS (SELECT 1 FROM withdrawals w WHERE w.id = g.id AND w.ledger_id <> $1)
  ), written AS (
    INSERT INTO withdrawals (id, ledger_id, account_id, currency, address, amount, fee, fee_included, refund, attr,
                             multiple_amounts, payment_id, sender_note, reference, tx_id, status, one_at_a_time,
                             created_at)
    SELECT g.id, $1, g.account_id, g.currency, g.address, g.amount, g.fee, g.fee_included,
           CASE WHEN g.status = 'Cancelled'
                THEN coalesce(g.refund, g.amount + CASE WHEN g.fee_included THEN g.fee ELSE 0 END) END,
           g.attr, (SELECT array_agg(e) FROM json_array_elements_text(g.multiple_amounts::json) AS e),
           g.payment_id, g.sender_note, g.reference, g.tx_id, g.status, g.one_at_a_time, to_timestamp(g.date / 1000)
      FROM given g ORDER BY g.ord
    ON CONFLICT (id) DO UPDATE
       SET status = EXCLUDED.status, tx_id = EXCLUDED.tx_id, refund = EXCLUDED.refund
    RETURNING id
  )
  SELECT id FROM unnest($2::text[]) AS g(id) WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.id = g.id)`;

/** Writes the withdrawals, or their state now; answers the ids left out. */
export async function upsertWithdrawals(tx: Queryable, ledgerId: string, withdrawals: readonly ImportedWithdrawal[]) {
  const column = <K extends keyof ImportedWithdrawal>(key: K) => withdrawals.map((w) => w[key]);
  const rows = await tx.query<{ id: string }>(UPSERT_WITHDRAWALS, [
    ledgerId,
    column('id'),
    column('accountId'),
    column('currency'),
    column('address'),
    column('amount'),
    column('fee'),
    column('feeIncluded'),
    column('attr'),
    column('multipleAmounts'),
    column('paymentId'),
    column('senderNote'),
    column('reference'),
    column('txId'),
    column('status'),
    column('oneAtATime'),
    column('date'),
    column('refund'),
  ]);
  return rows.map((row) => row.id);
}

export interface ImportedDeposit {
  accountId: string;
  currency: string;
  address: string | null;
  xpub: string | null;
  derivationKey: number | null;
  txId: string;
  vout: number;
  amount: string;
  status: string;
  blockHeight: string;
  blockHash: string | null;
  from: string | null;
  reference: string;
  /** UTC milliseconds. */
  timestamp: number;
}

/** Writes the deposits, or their state now (a deposit is one per chain output and address). */
export async function upsertDeposits(tx: Queryable, ledgerId: string, deposits: readonly ImportedDeposit[]) {
  const column = <K extends keyof ImportedDeposit>(key: K) => deposits.map((d) => d[key]);
  await tx.query(
    `INSERT INTO deposits (ledger_id, account_id, currency, address, xpub, derivation_key, tx_id, vout, amount, status,
                           block_height, block_hash, from_address, reference, created_at, updated_at)
     SELECT $1, g.account_id, g.currency, g.address, g.xpub, g.derivation_key, g.tx_id, g.vout, g.amount, g.status,
            g.block_height, g.block_hash, g.from_address, g.reference, to_timestamp(g.ts / 1000),
            to_timestamp(g.ts / 1000)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::int[], $9::numeric[],
                   $10::text[], $11::bigint[], $12::text[], $13::text[], $14::text[], $15::float8[])
            WITH ORDINALITY AS g(account_id, currency, address, xpub, derivation_key, tx_id, vout, amount, status,
                                 block_height, block_hash, from_address, reference, ts, ord)
      WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = g.account_id AND a.ledger_id = $1)
      ORDER BY g.ord
     ON CONFLICT (ledger_id, currency, tx_id, vout, COALESCE(address, account_id), COALESCE(tag, 0::bigint)) DO UPDATE
        SET status = EXCLUDED.status, block_height = EXCLUDED.block_height, block_hash = EXCLUDED.block_hash,
            reference = EXCLUDED.reference`,
    [
      ledgerId,
      column('accountId'),
      column('currency'),
      column('address'),
      column('xpub'),
      column('derivationKey'),
      column('txId'),
      column('vout'),
      column('amount'),
      column('status'),
      column('blockHeight'),
      column('blockHash'),
      column('from'),
      column('reference'),
      column('timestamp'),
    ],
  );
}

export interface ImportedSubscription {
  id: string;
  type: string;
  subjectId: string | null;
  attr: string;
}

/** Writes the subscriptions, signed with `apiKeyId`; answers the ids left out (another ledger's). */
export async function upsertSubscriptions(
  tx: Queryable,
  ledgerId: string,
  apiKeyId: string,
  subscriptions: readonly ImportedSubscription[],
) {
  const rows = await tx.query<{ id: string }>(
    `WITH written AS (
       INSERT INTO subscriptions (id, ledger_id, api_key_id, type, subject_id, attr)
       SELECT g.id, $1, $2, g.type, g.subject_id, g.attr::json
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS g(id, type, subject_id, attr, ord)
        WHERE NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = g.id AND s.ledger_id <> $1)
        ORDER BY g.ord
       ON CONFLICT (id) DO UPDATE SET attr = EXCLUDED.attr
       RETURNING id
     )
     SELECT id FROM unnest($3::text[]) AS g(id) WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.id = g.id)`,
    [
      ledgerId,
      apiKeyId,
      subscriptions.map((s) => s.id),
      subscriptions.map((s) => s.type),
      subscriptions.map((s) => s.subjectId),
      subscriptions.map((s) => s.attr),
    ],
  );
  return rows.map((row) => row.id);
}

export interface ImportedTrade {
  id: string;
  type: string;
  pair: string;
  price: string;
  amount: string;
  fill: string;
  currency1AccountId: string;
  currency2AccountId: string;
  feeAccountId: string | null;
  fee: string | null;
  /** Closed trades only: whether its last fill found it resting. */
  isMaker: boolean | null;
  /** UTC milliseconds. */
  created: number;
}

/**
 * Writes trades, open ones or closed ones, in the source's order (its lists go oldest first), or how
 * much of them is filled now; answers the ids left out.
 */
export async function upsertTrades(
  tx: Queryable,
  ledgerId: string,
  status: 'OPEN' | 'CLOSED',
  trades: readonly ImportedTrade[],
) {
  const column = <K extends keyof ImportedTrade>(key: K) => trades.map((t) => t[key]);
  const rows = await tx.query<{ id: string }>(
    `WITH given AS (
       SELECT g.* FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[],
              $8::text[], $9::text[], $10::text[], $11::numeric[], $12::float8[], $13::boolean[])
              WITH ORDINALITY AS g(id, type, pair, price, amount, fill, account1, account2, fee_account, fee, created,
                                   is_maker, ord)
        WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = g.account1 AND a.ledger_id = $1)
          AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = g.account2 AND a.ledger_id = $1)
          AND (g.fee_account IS NULL OR EXISTS (SELECT 1 FROM accounts a WHERE a.id = g.fee_account AND a.ledger_id = $1))
          AND NOT EXISTS (SELECT 1 FROM trades t WHERE t.id = g.id AND t.ledger_id <> $1)
     ), written AS (
       INSERT INTO trades (id, ledger_id, type, pair, price, amount, fill, currency1_account_id, currency2_account_id,
                           fee_account_id, fee, status, is_maker, created_at)
       SELECT g.id, $1, g.type, g.pair, g.price, g.amount, g.fill, g.account1, g.account2, g.fee_account, g.fee, $14,
              g.is_maker, to_timestamp(g.created / 1000)
         FROM given g ORDER BY g.ord
       ON CONFLICT (id) DO UPDATE SET fill = EXCLUDED.fill, status = EXCLUDED.status, is_maker = EXCLUDED.is_maker
       RETURNING id
     )
     SELECT id FROM unnest($2::text[]) AS g(id) WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.id = g.id)`,
    [
      ledgerId,
      column('id'),
      column('type'),
      column('pair'),
      column('price'),
      column('amount'),
      column('fill'),
      column('currency1AccountId'),
      column('currency2AccountId'),
      column('feeAccountId'),
      column('fee'),
      column('created'),
      column('isMaker'),
      status,
    ],
  );
  return rows.map((row) => row.id);
}

/** Ties the ledger's trade blockages to their trades, once both are here. */
export async function tieTradeBlockages(tx: Queryable, ledgerId: string): Promise<void> {
  await tx.query(
    `UPDATE blockages b SET trade_id = t.id
       FROM trades t
      WHERE b.ledger_id = $1 AND b.type = 'TRADE' AND b.trade_id IS NULL AND t.ledger_id = $1 AND t.id = b.description`,
    [ledgerId],
  );
}

/** The ledger's open trades after `afterId`, by id: a resumed import asks the source what became of them. */
export async function openTradesAfter(db: Queryable, ledgerId: string, afterId: string, limit: number) {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM trades WHERE ledger_id = $1 AND status = 'OPEN' AND id > $2 ORDER BY id LIMIT $3`,
    [ledgerId, afterId, limit],
  );
  return rows.map((row) => row.id);
}

/** Ends open trades the source no longer has: cancelled there. */
export async function cancelImportedTrades(tx: Queryable, ledgerId: string, ids: readonly string[]): Promise<void> {
  await tx.query(
    `UPDATE trades SET status = 'CANCELLED', ended_at = now()
      WHERE ledger_id = $1 AND id = ANY($2::text[]) AND status = 'OPEN'`,
    [ledgerId, ids],
  );
}
