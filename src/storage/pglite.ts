import { PGlite, type Transaction } from '@electric-sql/pglite';

// This file, pglite-statements.ts and data-dir-backup.ts use PGlite's private API (_runExclusiveQuery,
// _runExclusiveTransaction, execProtocolStream, protocol.serialize and messages, serializers and
// parsers), which may change in any release. That is why package.json pins PGlite to one exact
// version; test/storage/pglite-private-api.test.ts fails, naming the part, on a version that breaks one.
import { afterCommitInto, type ChannelHandlers, type Database, type Listening, type Queryable } from './database.js';
import { PgliteStatements } from './pglite-statements.js';
import { statementNames } from './statement-names.js';

export interface PgliteOptions {
  /** A folder for the data, or `memory://` for a ledger that lives as long as the process. */
  dataDir: string;
  /** A data directory dumped earlier (tests start from a migrated template this way). */
  loadDataDir?: Blob | File;
}

interface Handle {
  statements: PgliteStatements;
  nameOf: (sql: string) => string | undefined;
  /** Takes PGlite's locks for one prepared statement, as its query() takes them for its own. */
  locked: <T>(work: () => Promise<T>) => Promise<T>;
  /** A transaction's after-commit callbacks; absent outside a transaction. */
  committed?: (() => void)[];
}

/** Named statements go through `statements` (prepared once); the rest through PGlite's own query(). */
function wrap(target: PGlite | Transaction, { statements, nameOf, locked, committed }: Handle): Queryable {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const name = nameOf(sql);
      if (name !== undefined) return locked(() => statements.run<Row>(name, sql, params ?? []));
      const result = await target.query<Row>(sql, params ? [...params] : undefined);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
    afterCommit: afterCommitInto(committed),
  };
}

/**
 * PGlite's own LISTEN: one process owns the database, so what is announced (NOTIFY, a trigger's
 * included) is handed over in this process, as the announcing statement's answer is read and before its
 * promise settles. The one session hears every announcement; PGlite hands each to every callback.
 */
function listenInProcess(pglite: PGlite, channel: string, handlers: ChannelHandlers): Listening {
  let stopped = false;
  const unlisten = pglite
    .listen(channel, (payload) => handlers.message(payload))
    .then(
      (unlistenOne) => {
        if (!stopped) handlers.listening();
        return unlistenOne;
      },
      // Refused (the database is closing): nothing will be heard.
      () => {
        if (!stopped) handlers.interrupted();
        return undefined;
      },
    );
  return {
    stop: async () => {
      stopped = true;
      const unlistenOne = await unlisten;
      if (!pglite.closed) await unlistenOne?.().catch(() => undefined);
    },
  };
}

// PGlite's PostgreSQL runs inside this process, so its shared buffers are this process's memory, and
// PostgreSQL touches all of them at start: the default 128 MB would be most of a small server's
// resident memory before the first request. The data files stay in the operating system's page cache
// either way; a smaller pool means more of them are read from there, at a few microseconds each.
const SHARED_BUFFERS = '32MB';

export async function openPglite(options: PgliteOptions): Promise<Database & { pglite: PGlite }> {
  const pglite = new PGlite(options.dataDir, {
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
  });
  await pglite.waitReady;
  const statements = new PgliteStatements(pglite);
  const nameOf = statementNames();
  // Outside a transaction a statement waits for any transaction to end, as PGlite's query() does, and
  // then its writes reach the data folder; inside one, the transaction already holds that lock.
  const root = wrap(pglite, {
    statements,
    nameOf,
    locked: (work) =>
      pglite._runExclusiveTransaction(() =>
        pglite._runExclusiveQuery(async () => {
          const result = await work();
          await pglite.syncToFs();
          return result;
        }),
      ),
  });
  const inTransaction = <T>(work: () => Promise<T>) => pglite._runExclusiveQuery(work);
  // PGlite keeps its queue to itself; counting the calls in flight here gives /metrics the same view
  // of the one connection as pg's pool counters give of many: one runs, the others wait.
  let inFlight = 0;
  const counted = <T>(work: () => Promise<T>): Promise<T> => {
    inFlight++;
    return work().finally(() => inFlight--);
  };
  return {
    kind: 'pglite',
    pglite,
    query: (sql, params) => counted(() => root.query(sql, params)),
    exec: (sql) => counted(() => root.exec(sql)),
    afterCommit: root.afterCommit,
    // PGlite is one connection: its transaction() holds a mutex, so transactions run one at a time and
    // other queries wait for them. That is the embedded mode's concurrency model.
    transaction: (work) =>
      counted(async () => {
        const committed: (() => void)[] = [];
        const result = await pglite.transaction((tx) =>
          work(wrap(tx, { statements, nameOf, locked: inTransaction, committed })),
        );
        for (const callback of committed) callback();
        return result;
      }),
    listen: (channel, handlers) => listenInProcess(pglite, channel, handlers),
    close: () => pglite.close(),
    poolStats: () => ({ total: 1, idle: inFlight === 0 ? 1 : 0, waiting: Math.max(0, inFlight - 1) }),
  };
}
