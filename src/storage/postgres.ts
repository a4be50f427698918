import pg from 'pg';
import { isConnectionLoss, storageError } from './connection-loss.js';
import { afterCommitInto, type Database, type Queryable } from './database.js';
import { PostgresListener } from './postgres-listener.js';
import { statementNames } from './statement-names.js';

export interface PostgresOptions {
  connectionString: string;
  /** A schema to work in instead of `public` (the test suite isolates each app this way). */
  schema?: string;
  poolSize?: number;
}

// A serialization failure or deadlock is the database asking the transaction to run again.
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;
/** Connections per server unless told otherwise; the bench gives its database ceiling as many. */
export const DEFAULT_POOL_SIZE = 10;

interface Handle {
  nameOf: (sql: string) => string | undefined;
  /** A transaction's after-commit callbacks; absent outside a transaction. */
  committed?: (() => void)[];
}

/** Runs `work`, turning a lost connection into DatabaseUnavailableError. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storageError(error);
  }
}

function wrap(client: pg.Pool | pg.PoolClient, { nameOf, committed }: Handle): Queryable {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const values = params ? [...params] : undefined;
      const name = nameOf(sql);
      const result = await guarded(() =>
        client.query(name === undefined ? { text: sql, values } : { name, text: sql, values }),
      );
      return result.rows as Row[];
    },
    async exec(sql: string) {
      // Several statements (migrations) cannot be prepared; they run once anyway.
      await guarded(() => client.query(sql));
    },
    afterCommit: afterCommitInto(committed),
  };
}

export async function openPostgres(options: PostgresOptions): Promise<Database & { pool: pg.Pool }> {
  const connection: pg.ClientConfig = {
    connectionString: options.connectionString,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  };
  const pool = new pg.Pool({ ...connection, max: options.poolSize ?? DEFAULT_POOL_SIZE });
  const listeners = new Set<PostgresListener>();
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  const nameOf = statementNames();
  const root = wrap(pool, { nameOf });

  /**
   * A lost connection fails the transaction that held it with DatabaseUnavailableError (the database
   * rolls it back; only a lost COMMIT leaves its outcome unknown) and never the process: a checked-out
   * client has no listener of the pool's, and an 'error' event with no listener would crash it. The
   * broken client is destroyed, not handed to the next request.
   */
  async function transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await guarded(() => pool.connect());
      // Set once the connection is known to be gone: the client is then destroyed on release.
      let broken: unknown;
      const onError = (error: Error) => void (broken ??= error);
      client.on('error', onError);
      try {
        await guarded(() => client.query('BEGIN'));
        // Each attempt starts afresh: what a rolled-back attempt asked for is dropped with it.
        const committed: (() => void)[] = [];
        const result = await work(wrap(client, { nameOf, committed }));
        await guarded(() => client.query('COMMIT'));
        for (const callback of committed) callback();
        return result;
      } catch (error) {
        if (isConnectionLoss(error)) broken ??= error;
        if (!broken) await client.query('ROLLBACK').catch((rollbackError: unknown) => void (broken = rollbackError));
        if (isConnectionLoss(error)) throw error;
        const code = (error as { code?: string }).code;
        if (!broken && attempt < MAX_ATTEMPTS && code && RETRYABLE.has(code)) continue;
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken ? (broken as Error) : undefined);
      }
    }
  }

  return {
    kind: 'postgres',
    pool,
    query: root.query,
    exec: root.exec,
    afterCommit: root.afterCommit,
    transaction,
    listen: (channel, handlers) => {
      const listener = new PostgresListener(connection, channel, handlers);
      listeners.add(listener);
      return {
        stop: async () => {
          listeners.delete(listener);
          await listener.close();
        },
      };
    },
    close: async () => {
      await Promise.all([...listeners].map((listener) => listener.close()));
      await pool.end();
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
