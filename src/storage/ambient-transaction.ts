import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database, Queryable } from './database.js';

/**
 * A unit of work: one open transaction that the calls made inside `run` join, through whatever copy of
 * the handle it was opened on. The Idempotency-Key opens one around a keyed request, so that the key, the
 * work and the stored answer commit together or not at all (README, "Retrying safely").
 */
export interface UnitOfWork {
  /** The open transaction itself, for what the opener writes besides the work. */
  readonly tx: Queryable;
  /** True once a `transaction(work)` inside threw: such a unit can only roll back. */
  readonly failed: boolean;
  /** Runs `task` so that the database's calls it makes, now or later, go through this transaction. */
  run<T>(task: () => T): T;
  /** Commits; the work's afterCommit callbacks run then. Rejects (and nothing is kept) if it fails. */
  commit(): Promise<void>;
  /** Rolls back; nothing done inside is kept. Never rejects. */
  rollback(): Promise<void>;
}

export interface AmbientDatabase extends Database {
  /** Opens a unit of work on its own transaction (a connection of its own on PostgreSQL). */
  openUnitOfWork(): Promise<UnitOfWork>;
}

interface Ambient {
  /** The handle the unit was opened on: only it and its copies join the unit. */
  owner: object;
  tx: Queryable;
  unit: { failed: boolean; ended: boolean };
}

const ambient = new AsyncLocalStorage<Ambient>();

/** True inside a unit of work: reads shared with other requests must not be made from here. */
export function insideUnitOfWork(): boolean {
  return ambient.getStore() !== undefined;
}

/**
 * Runs `task` outside any unit of work, so that what it starts (a timer, a batch of other requests'
 * reads) never runs on the transaction of the request that happened to start it.
 */
export function outsideUnitOfWork<T>(task: () => T): T {
  return ambient.exit(task);
}

class RolledBack extends Error {}

/**
 * `db` whose calls join the unit of work they are made in, if any. Inside a unit, `query` and `exec`
 * run on its transaction and `transaction(work)` hands `work` that transaction: the services keep
 * owning their transactions, which become parts of the unit. No SAVEPOINT is set (it would cost a
 * round trip per write): a `work` that throws marks the unit failed instead, so it rolls back whole,
 * as the work alone would have. Outside a unit every call goes to `db` unchanged.
 *
 * PGlite is one connection whose transaction holds a lock: a call made outside the unit while it is
 * open waits for it to end, so everything a keyed request does must be made inside it.
 */
export function withAmbientTransactions(db: Database): AmbientDatabase {
  // Shared by the copies of the handle made below (`{ ...db }`); another wrapper of the same database
  // (another server's, in tests) runs on its own.
  const owner = {};
  const joined = () => {
    const store = ambient.getStore();
    // Once a unit has ended, what still runs in its context (a reply's last hooks) is on its own again.
    return store && store.owner === owner && !store.unit.ended ? store : undefined;
  };

  async function openUnitOfWork(): Promise<UnitOfWork> {
    let settle!: (commit: boolean) => void;
    const outcome = new Promise<boolean>((resolve) => (settle = resolve));
    let started = false;
    let opened!: (tx: Queryable) => void;
    const ready = new Promise<Queryable>((resolve) => (opened = resolve));
    // db.transaction commits when its work resolves and rolls back when it throws: the work here
    // waits for the unit's outcome. It must not run twice (a driver's retry after a failed COMMIT):
    // the request it served has moved on.
    const finished = db.transaction(async (tx) => {
      if (started) throw new Error('a unit of work cannot run again');
      started = true;
      opened(tx);
      if (!(await outcome)) throw new RolledBack();
    });
    const tx = await Promise.race([ready, finished.then(() => Promise.reject(new Error('transaction ended')))]);
    const unit = { failed: false, ended: false };
    const store: Ambient = { owner, tx, unit };
    const end = (commit: boolean) => {
      if (unit.ended) throw new Error('the unit of work has ended');
      unit.ended = true;
      settle(commit);
      return finished;
    };
    return {
      tx,
      get failed() {
        return unit.failed;
      },
      run: (task) => ambient.run(store, task),
      commit: async () => {
        if (unit.failed) throw new Error('a failed unit of work cannot commit');
        await end(true);
      },
      rollback: async () => {
        if (unit.ended) return;
        // Rolled back either way: by us (RolledBack), or by the database on its way down.
        await end(false).catch(() => undefined);
      },
    };
  }

  return {
    ...db,
    query: (sql, params) => (joined()?.tx ?? db).query(sql, params),
    exec: (sql) => (joined()?.tx ?? db).exec(sql),
    afterCommit: (callback) => (joined()?.tx ?? db).afterCommit(callback),
    transaction: async (work) => {
      const store = joined();
      if (!store) return db.transaction(work);
      try {
        return await work(store.tx);
      } catch (error) {
        store.unit.failed = true;
        throw error;
      }
    },
    openUnitOfWork,
  };
}
