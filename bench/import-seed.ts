import { randomBytes } from 'node:crypto';
import { createTenantWithKeys, operatorScope } from '../src/domain/tenancy/tenancy.service.js';
import type { Database } from '../src/storage/database.js';

// The source ledger of the import bench (bench/import.ts), seeded with bulk SQL in the shape the app
// itself writes, as bench/seed.ts does, but with a history behind it:
//   * `customers` customers at dense positions 1..n, each with one account in one virtual currency;
//   * one MINT record (CREDIT_DEPOSIT) per account, then payments between random accounts, each two
//     records under one reference (the sender's negative DEBIT_PAYMENT, the recipient's CREDIT_PAYMENT,
//     each naming the other account), as ledger_pay writes them (migration 010);
//   * every event (a mint or a payment) a little later than the one before, spread evenly over the
//     last HISTORY_DAYS days in seq order, a payment's two records sharing their time, at microsecond
//     precision like now() — so that the import's reading by slices of time meets times that are not
//     whole milliseconds;
//   * each balance the sum of its account's records, and the currency's supply the sum of the balances.
// bench/ledger-check.ts's brokenInvariants finds nothing on it.

export const IMPORT_CURRENCY = 'VC_IMPORT';
/** Each account's mint: far more than the payments below can take from it (at most 100.00 each). */
const MINTED = '10000';
const HISTORY_DAYS = 90;
/** Records per statement: each its own transaction, with a progress line. */
const CHUNK_RECORDS = 100_000;

export interface ImportSeedSize {
  customers: number;
  /** Records in all: one mint per account, the rest payments of two records (rounded down to even). */
  transactions: number;
}

export interface SeededSource {
  tenant: string;
  apiKey: string;
  ledgerId: string;
  customers: number;
  /** The customers' accounts and the currency's issuer account. */
  accounts: number;
  records: number;
  payments: number;
  /** The events' times: event e (0-based; mints first, then payments) is at firstMs + e * stepMs. */
  history: { firstMs: number; stepMs: number; events: number };
}

export function importSeedShape(size: ImportSeedSize): { payments: number; records: number } {
  if (size.customers < 2) throw new Error('at least two customers, for payments between them');
  const payments = Math.floor(Math.max(0, size.transactions - size.customers) / 2);
  return { payments, records: size.customers + 2 * payments };
}

export async function seedImportSource(
  db: Database,
  size: ImportSeedSize,
  progress: (line: string) => void = () => undefined,
): Promise<SeededSource> {
  const tenant = 'import-source';
  const { keys } = await createTenantWithKeys(db, tenant, 'import bench');
  const { ledgerId } = await operatorScope(db, tenant, 'testnet');
  const { customers } = size;
  const { payments, records } = importSeedShape(size);
  const events = customers + payments;
  const stepMs = (HISTORY_DAYS * 86_400_000) / events;
  const firstMs = Date.now() - HISTORY_DAYS * 86_400_000;

  // Ids are 24 hex characters, 4 bytes of seconds then 8 bytes (domain/ids.ts): here the seconds of
  // the history's start, and md5 of a per-run salt and the row's position, so that a customer's and
  // its account's ids are known from the position alone, in any statement, without a join.
  const salt = randomBytes(8).toString('hex');
  const seconds = Math.floor(firstMs / 1000)
    .toString(16)
    .padStart(8, '0');
  // $1 ledger, $2 salt, $3 the ids' seconds, $4 the first event's time (epoch seconds), $5 the step (seconds).
  const id = (kind: string, position: string) =>
    `($3::text || substr(md5($2::text || '${kind}' || ${position}), 1, 16))`;
  const at = (event: string) => `(to_timestamp($4::float8) + make_interval(secs => (${event}) * $5::float8))`;
  const common = [ledgerId, salt, seconds, firstMs / 1000, stepMs / 1000];
  const timed = async (what: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    progress(`${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };

  // The currency and its issuer account, as POST /v3/ledger/virtualCurrency makes them; the supply is
  // set once the balances are.
  await db.query(
    `WITH issuer AS (
       INSERT INTO accounts (id, ledger_id, currency, accounting_currency, created_at)
       VALUES (${id(':issuer:', "''")}, $1, $6, 'EUR', ${at('0')}) RETURNING id
     )
     INSERT INTO virtual_currencies (ledger_id, name, supply, base_pair, base_rate, issuer_account_id, created_at)
     SELECT $1, $6, 0, 'EUR', 1, issuer.id, ${at('0')} FROM issuer`,
    [...common, IMPORT_CURRENCY],
  );

  // Customer p, its account and its mint are made at event p - 1.
  for (let first = 1; first <= customers; first += CHUNK_RECORDS) {
    const last = Math.min(customers, first + CHUNK_RECORDS - 1);
    await timed(`customers, accounts and mints ${first}..${last}`, () =>
      db.transaction(async (tx) => {
        const params = [...common, first, last];
        await tx.query(
          `INSERT INTO customers (id, ledger_id, position, external_id, created_at)
           SELECT ${id(':c:', 'g')}, $1, g, 'import-customer-' || g, ${at('g - 1')}
             FROM generate_series($6::bigint, $7::bigint) g ORDER BY g`,
          params,
        );
        await tx.query(
          `INSERT INTO accounts (id, ledger_id, customer_id, currency, accounting_currency, created_at)
           SELECT ${id(':a:', 'g')}, $1, ${id(':c:', 'g')}, $8, 'EUR', ${at('g - 1')}
             FROM generate_series($6::bigint, $7::bigint) g ORDER BY g`,
          [...params, IMPORT_CURRENCY],
        );
        await tx.query(
          `INSERT INTO transactions (ledger_id, account_id, customer_id, reference, amount, currency, operation_type,
             transaction_type, anonymous, market_value_amount, market_value_currency, market_value_source, created_at)
           SELECT $1, ${id(':a:', 'g')}, ${id(':c:', 'g')}, gen_random_uuid()::text, $8::numeric, $9, 'MINT',
                  'CREDIT_DEPOSIT', false, $8::numeric, 'EUR', 'ledger', ${at('g - 1')}
             FROM generate_series($6::bigint, $7::bigint) g ORDER BY g`,
          [...params, MINTED, IMPORT_CURRENCY],
        );
      }),
    );
  }

  // Payment j (1-based) is event customers + j - 1: from a random account s to another one r, 0.01 to
  // 100.00, valued at the currency's base rate (1) in its base pair.
  const perChunk = CHUNK_RECORDS / 2;
  for (let first = 1; first <= payments; first += perChunk) {
    const last = Math.min(payments, first + perChunk - 1);
    await timed(`payments ${first}..${last}`, () =>
      db.query(
        `WITH sender AS (
           SELECT j, 1 + floor(random() * $8::bigint)::bigint AS s FROM generate_series($6::bigint, $7::bigint) j
         ), p AS (
           SELECT j, s, 1 + (s + floor(random() * ($8::bigint - 1))::bigint) % $8::bigint AS r,
                  round((1 + floor(random() * 10000))::numeric / 100, 2) AS amount, gen_random_uuid()::text AS reference
             FROM sender
         )
         INSERT INTO transactions (ledger_id, account_id, customer_id, counter_account_id, reference, amount, currency,
           operation_type, transaction_type, anonymous, market_value_amount, market_value_currency, market_value_source,
           created_at)
         SELECT $1, x.account_id, x.customer_id, x.counter_account_id, p.reference, x.amount, $9, 'PAYMENT', x.type,
                false, x.amount, 'EUR', 'ledger', ${at('$8::bigint + p.j - 1')}
           FROM p CROSS JOIN LATERAL (VALUES
             (0, ${id(':a:', 'p.s')}, ${id(':c:', 'p.s')}, ${id(':a:', 'p.r')}, -p.amount, 'DEBIT_PAYMENT'),
             (1, ${id(':a:', 'p.r')}, ${id(':c:', 'p.r')}, ${id(':a:', 'p.s')}, p.amount, 'CREDIT_PAYMENT')
           ) AS x(side, account_id, customer_id, counter_account_id, amount, type)
          ORDER BY p.j, x.side`,
        [...common, first, last, customers, IMPORT_CURRENCY],
      ),
    );
  }

  await timed('balances, supply and the customer counter', async () => {
    await db.query(
      `UPDATE accounts a SET balance = t.total
         FROM (SELECT account_id, sum(amount) AS total FROM transactions WHERE ledger_id = $1 GROUP BY account_id) t
        WHERE a.id = t.account_id AND a.ledger_id = $1`,
      [ledgerId],
    );
    await db.query(
      `UPDATE virtual_currencies v
          SET supply = (SELECT sum(a.balance) FROM accounts a WHERE a.ledger_id = $1 AND a.currency = v.name)
        WHERE v.ledger_id = $1`,
      [ledgerId],
    );
    await db.query('UPDATE ledgers SET customers_count = $2 WHERE id = $1', [ledgerId, customers]);
  });
  // Fresh statistics, as a source that has been running a while has them.
  await timed('vacuum analyze', () => db.exec('VACUUM ANALYZE'));

  return {
    tenant,
    apiKey: keys.testnet.key,
    ledgerId,
    customers,
    accounts: customers + 1,
    records,
    payments,
    history: { firstMs, stepMs, events },
  };
}
