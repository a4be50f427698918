import type { Database, Queryable } from '../../src/storage/database.js';

/** What a counting handle has sent since `reset()`. */
export interface RoundTrips {
  /** Every query, and a BEGIN and a COMMIT (or ROLLBACK) per transaction: each is a round trip. */
  statements: number;
  /** Transactions and statements outside one: each ends in a commit of its own. */
  commits: number;
  reset(): void;
}

/**
 * `db` as the app sees it, counting what it sends, so that tests and the round-trip scripts of bench/
 * measure a request by its round trips to the database.
 */
export function countingDatabase(db: Database): { db: Database; sent: RoundTrips } {
  const sent: RoundTrips = {
    statements: 0,
    commits: 0,
    reset() {
      sent.statements = 0;
      sent.commits = 0;
    },
  };
  const counted = (handle: Queryable): Queryable => ({
    ...handle,
    query: (sql, params) => {
      sent.statements++;
      return handle.query(sql, params);
    },
  });
  const counting: Database = {
    ...db,
    query: (sql, params) => {
      sent.statements++;
      sent.commits++;
      return db.query(sql, params);
    },
    transaction: (work) => {
      sent.statements += 2;
      sent.commits++;
      return db.transaction((tx) => work(counted(tx)));
    },
  };
  return { db: counting, sent };
}
