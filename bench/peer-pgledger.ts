import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { createBenchDatabase, dropBenchDatabase } from './postgres-database.js';
import type { PeerResult } from './results.js';
import { ceilingLoops } from './db-ceiling.js';
import type { Measurement } from './stats.js';

// pgledger (github.com/pgr0ss/pgledger, MIT) as a peer: a ledger written as PostgreSQL functions,
// measured on the same server, in the same run, with the workload of its own performance check
// expressed here: workers calling `SELECT * FROM pgledger_create_transfer(from, to, amount)` in a loop
// over one pool, each time between a random pair of distinct accounts. Its accounts are made with
// pgledger_create_account(name, 'USD', allow_negative_balance => true), its default said out loud, so
// that no transfer fails for want of funds, and its amounts are random whole numbers, as its own are.
// Its transfers are called straight from here, ours go through HTTP and the server: the share says
// what the whole server costs against a ledger that lives in the database.
// The checkout is the user's (--peer-pgledger); nothing of it is kept in this repository.

/** What a pgledger database is made of, in the order pgledger itself loads it; the ULID helpers it vendors may be absent. */
const SQL_FILES = [
  { path: 'vendor/scoville-pgsql-ulid/ulid-to-uuid.sql', required: false },
  { path: 'vendor/scoville-pgsql-ulid/uuid-to-ulid.sql', required: false },
  { path: 'pgledger.sql', required: true },
];

/** Largest transfer amount: its performance check sends a random uint32 (never 0 here: pgledger refuses 0). */
const MAX_AMOUNT = 2 ** 32 - 1;

export function pgledgerCommit(dir: string): string | null {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return null;
  }
}

/** Loads pgledger's SQL into the (fresh) database at `url`, in one transaction. */
export async function loadPgledger(dir: string, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const file of SQL_FILES) {
      const path = join(dir, file.path);
      if (!file.required && !existsSync(path)) continue;
      await client.query(await readFile(path, 'utf8'));
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** `count` USD accounts that may go negative, made by pgledger's own function; their ids. */
export async function createPgledgerAccounts(pool: pg.Pool, count: number): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT a.id FROM generate_series(1, $1::int) g,
            LATERAL pgledger_create_account('bench-' || g, 'USD', allow_negative_balance => true) a
      ORDER BY g`,
    [count],
  );
  // Fresh statistics, as the ledger's seed leaves its own.
  await pool.query('VACUUM ANALYZE');
  return rows.map((r) => r.id);
}

/**
 * `workers` loops of transfers for `seconds` over `pool`, each between the pair `pair()` gives; a
 * refused transfer counts as an error, not as a transfer.
 */
export async function transferLoops(
  pool: pg.Pool,
  workers: number,
  seconds: number,
  pair: () => [from: string, to: string],
): Promise<Measurement> {
  return ceilingLoops(workers, seconds, () => {
    const [from, to] = pair();
    const amount = String(1 + Math.floor(Math.random() * MAX_AMOUNT));
    return () => pool.query('SELECT * FROM pgledger_create_transfer($1, $2, $3)', [from, to, amount]);
  });
}

/** Random distinct pairs (cold), and pairs from the first account to a random other (one hot sender). */
export function transferPairs(accounts: readonly string[]) {
  const pick = () => accounts[Math.floor(Math.random() * accounts.length)]!;
  const other = (not: string) => {
    let picked = pick();
    while (picked === not) picked = pick();
    return picked;
  };
  const hot = accounts[0]!;
  return {
    cold: (): [string, string] => {
      const from = pick();
      return [from, other(from)];
    },
    hot: (): [string, string] => [hot, other(hot)],
  };
}

/** Our payments' throughput as a share of pgledger's transfers', when both were measured. */
export function sharesOfPeer(
  peer: Pick<PeerResult, 'cold' | 'hot'>,
  ours: { cold?: Measurement; hot?: Measurement },
): PeerResult['ours'] {
  const share = (mine: Measurement | undefined, theirs: Measurement) =>
    mine && theirs.rps > 0 ? mine.rps / theirs.rps : null;
  return { cold: share(ours.cold, peer.cold), hot: share(ours.hot, peer.hot) };
}

export interface PeerRunOptions {
  dir: string;
  postgresUrl: string;
  /** The peer's own database on that server, made fresh and dropped afterwards. */
  database: string;
  accounts: number;
  workers: number;
  poolSize: number;
  /** The bench's warm-up, measurement and log line around one load. */
  measure(label: string, load: (seconds: number) => Promise<Measurement>): Promise<Measurement>;
  /** Registers what must be undone if the run is stopped half-way. */
  onAbort(cleanup: () => Promise<unknown>): void;
}

/** A fresh database with pgledger loaded, its accounts, the cold run and the hot run; then the database is dropped. */
export async function measurePgledger(options: PeerRunOptions): Promise<Omit<PeerResult, 'ours'>> {
  const url = await createBenchDatabase(options.postgresUrl, options.database);
  const drop = () => dropBenchDatabase(options.postgresUrl, options.database);
  options.onAbort(drop);
  try {
    await loadPgledger(options.dir, url);
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize });
    // An idle client whose backend ends (its database dropped WITH (FORCE)) must not end the run.
    pool.on('error', () => undefined);
    try {
      const pairs = transferPairs(await createPgledgerAccounts(pool, options.accounts));
      const loops = (pair: () => [string, string]) => (seconds: number) =>
        transferLoops(pool, options.workers, seconds, pair);
      const cold = await options.measure('pgledger, cold accounts', loops(pairs.cold));
      const hot = await options.measure('pgledger, one hot sender', loops(pairs.hot));
      const { accounts, workers, poolSize } = options;
      return { commit: pgledgerCommit(options.dir), accounts, workers, poolSize, cold, hot };
    } finally {
      await pool.end();
    }
  } finally {
    await drop();
  }
}
