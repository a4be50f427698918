import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Queryable } from '../src/storage/database.js';
import { CURRENCY } from './layout.js';
import { summarize, type Measurement } from './stats.js';

// The database ceiling of a payment: the least SQL any correct ledger must run to move money between
// two accounts, with no HTTP, no validation and no framework, at the same concurrency as the HTTP load:
//   BEGIN; SELECT both account rows FOR UPDATE, in id order; UPDATE both; INSERT both records; COMMIT.
// On PostgreSQL it is driven through a plain pg Pool as large as the server's; on PGlite through the
// one PGlite instance, in one process, as the server itself would run it. It writes records in the
// app's shape, so the ledger's invariants still hold afterwards.

/** What a ceiling runs its SQL on: a plain pg Pool (poolDatabase) or the PGlite instance itself. */
export interface CeilingDatabase {
  /** One statement, its own transaction. */
  query: Queryable['query'];
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

const AMOUNT = '0.01';

/**
 * A plain pg Pool: a statement on any of its connections; a transaction as connect, BEGIN, the work,
 * COMMIT (ROLLBACK when it throws).
 */
export function poolDatabase(pool: pg.Pool): CeilingDatabase {
  return {
    query: async (sql, params) => (await pool.query(sql, params ? [...params] : undefined)).rows,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async (sql, params) => (await client.query(sql, params ? [...params] : undefined)).rows,
          exec: async (sql) => void (await client.query(sql)),
          // The ceiling keeps nothing in memory that a commit could make stale.
          afterCommit: () => undefined,
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

async function pay(tx: Queryable, ledgerId: string, sender: string, recipient: string): Promise<void> {
  const rows = await tx.query<{ id: string; customer_id: string | null; covered: boolean }>(
    `SELECT id, customer_id, balance - blocked >= $2::numeric AS covered FROM accounts
      WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [[sender, recipient], AMOUNT],
  );
  const from = rows.find((r) => r.id === sender);
  const to = rows.find((r) => r.id === recipient);
  if (!from?.covered || !to) throw new Error('ceiling payment refused');
  await tx.query(
    `UPDATE accounts SET balance = balance + CASE WHEN id = $1 THEN -$3::numeric ELSE $3::numeric END
      WHERE id IN ($1, $2)`,
    [sender, recipient, AMOUNT],
  );
  const reference = randomUUID();
  await tx.query(
    `INSERT INTO transactions (ledger_id, account_id, customer_id, counter_account_id, reference, amount, currency,
       operation_type, transaction_type, anonymous, market_value_amount, market_value_currency, market_value_source)
     VALUES ($1, $2, $3, $4, $6, -$7::numeric, $8, 'PAYMENT', 'DEBIT_PAYMENT', false, -$7::numeric, 'EUR', 'ledger'),
            ($1, $4, $5, $2, $6, $7::numeric, $8, 'PAYMENT', 'CREDIT_PAYMENT', false, $7::numeric, 'EUR', 'ledger')`,
    [ledgerId, sender, from.customer_id, recipient, to.customer_id, reference, AMOUNT, CURRENCY],
  );
}

/**
 * `workers` concurrent loops, each running one unit of work after another for `seconds`, each made by
 * `next()` and timed from its first statement: the shape of every database ceiling.
 */
export async function ceilingLoops(
  workers: number,
  seconds: number,
  next: () => () => Promise<unknown>,
): Promise<Measurement> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const work = next();
      const begun = performance.now();
      try {
        await work();
        latencies.push(performance.now() - begun);
      } catch {
        errors++;
        // A failing database would otherwise spin this loop until the deadline.
        if (errors > 1000) return;
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return summarize(latencies, (performance.now() - started) / 1000, { errors });
}

/** `workers` concurrent loops of cold payments between random accounts for `seconds`. */
export async function paymentCeiling(
  db: CeilingDatabase,
  ledgerId: string,
  accounts: readonly string[],
  workers: number,
  seconds: number,
): Promise<Measurement> {
  const pick = () => accounts[Math.floor(Math.random() * accounts.length)]!;
  return ceilingLoops(workers, seconds, () => {
    const sender = pick();
    let recipient = pick();
    while (recipient === sender) recipient = pick();
    return () => db.transaction((tx) => pay(tx, ledgerId, sender, recipient));
  });
}
