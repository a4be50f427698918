import type { Database } from '../../storage/database.js';

// A generation per opened database (its `identity`, shared by every copy of the handle), bumped after
// every change of an API key or a tenant made through it (revoke, freeze, quota). What a server keeps in memory about keys (caller-cache.ts) remembers the
// generation it was read in, and is stale as soon as the generation moves on: a change made through
// this process's own handle is never answered from memory, not even by a read in flight during it.
const generations = new WeakMap<object, number>();

type Handle = Pick<Database, 'identity'>;
const keyOf = (db: Handle): object => db.identity ?? db;

/** Call once a change of API keys or tenants has committed on `db`. */
export function tenancyChanged(db: Handle): void {
  generations.set(keyOf(db), (generations.get(keyOf(db)) ?? 0) + 1);
}

export function tenancyGeneration(db: Handle): number {
  return generations.get(keyOf(db)) ?? 0;
}
