// The one storage interface the domain sees. Both implementations speak the same PostgreSQL SQL:
// embedded PGlite by default, a PostgreSQL server when DATABASE_URL is set.

// Members are function properties, not methods: handles are copied with `{ ...db, ... }` (a unit of
// work, a test's lent database), so no implementation may depend on `this`.
export interface Queryable {
  /** One statement with $1..$n parameters. NUMERIC arrives as a string, never a JS number. */
  query: <Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec: (sql: string) => Promise<void>;
  /**
   * Runs `callback` once what was written here is committed: after the commit of the transaction this
   * handle belongs to (never, if it rolls back), or at once outside a transaction. What a process keeps
   * in memory about rows is forgotten this way (domain/changes.ts), so that no read can start between
   * the commit and the forgetting and keep what was true before.
   */
  afterCommit: (callback: () => void) => void;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Hands `handlers` what is announced on `channel` (NOTIFY, by any connection, this one included) until
   * `stop`, or until the handle closes. PostgreSQL delivers on a connection of its own; PGlite, which one
   * process owns, delivers in this process before the announcing statement's promise settles.
   */
  listen: (channel: string, handlers: ChannelHandlers) => Listening;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction: <T>(work: (tx: Queryable) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
  /**
   * PGlite in a folder only: writes a consistent copy of the folder to `file` between statements, and
   * resolves to its size in bytes (data-dir-backup.ts). PostgreSQL is backed up with its own tools.
   */
  backup?: (file: string) => Promise<number>;
  /** How busy the connections are, for /metrics; optional so that test doubles need not fake it. */
  poolStats?: () => PoolStats;
}

/** pg's Pool counters; PGlite reports its one connection the same way. */
export interface PoolStats {
  /** Connections open. */
  total: number;
  /** Connections open and doing nothing. */
  idle: number;
  /** Queries and transactions waiting for a connection. */
  waiting: number;
}

/** A LISTEN in place, or being put in place. */
export interface Listening {
  /** Stops listening (closing the connection it had, on PostgreSQL); resolves once it has. */
  stop: () => Promise<void>;
}

export interface ChannelHandlers {
  /** One announcement's payload. */
  message(payload: string): void;
  /** Announcements flow from now on: the LISTEN is in place. */
  listening(): void;
  /** Announcements may have been missed: the connection was lost (it listens again by itself). */
  interrupted(): void;
}

/** A handle's afterCommit: into its transaction's list, run once that commits; at once outside one. */
export function afterCommitInto(committed: (() => void)[] | undefined): Queryable['afterCommit'] {
  return (callback) => {
    if (committed) committed.push(callback);
    else callback();
  };
}

/**
 * The database could not be reached, or the connection a statement used was lost (a restart, a
 * failover, an idle timeout, `pg_terminate_backend`). What the statement's transaction wrote is rolled
 * back by the database; the request may be retried once it answers again.
 */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  constructor(override readonly cause: unknown) {
    super('The database is unavailable', { cause });
  }
}
