import { createHash } from 'node:crypto';
import {
  outsideUnitOfWork,
  withAmbientTransactions,
  type AmbientDatabase,
  type UnitOfWork,
} from '../../storage/ambient-transaction.js';
import type { Database, Queryable } from '../../storage/database.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import {
  completeKey,
  deleteExpiredKeys,
  findKey,
  reserveKey,
  type IdempotencyKeyRow,
  type StoredAnswer,
} from './idempotency.repository.js';

// Idempotency-Key, with Stripe's semantics (docs/decisions/0023-idempotency-key.md): a key names one
// request of one ledger for 24 hours; its retries get the first response instead of running again.

/** After this a key is forgotten and may name a new request. */
export const KEY_TTL_HOURS = 24;
export const MAX_KEY_LENGTH = 255;
// Reserving can lose a race twice in a row only if the key's holder rolls back or the key expires
// between the two statements each time; a third loss is answered as "in progress", which a client
// retries anyway.
const MAX_RESERVE_ATTEMPTS = 3;

/** What identifies a request besides its key: the same key with anything else here is refused. */
export interface IdempotentRequest {
  method: string;
  /** The route's pattern, so that `/x/` and `/x` (one route) are the same request. */
  route: string;
  params: unknown;
  query: unknown;
  body: unknown;
}

/** A stored answer, replayed as it was first sent. */
export type StoredResponse = StoredAnswer;

/** Objects with their keys sorted, at every level, so that key order in a body does not matter. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, canonical(object[key])]),
  );
}

/** SHA-256 of the request in canonical JSON. */
export function fingerprintRequest(request: IdempotentRequest): string {
  const { method, route, params, query, body } = request;
  const text = JSON.stringify(canonical({ method, route, params, query, body: body ?? null }));
  return createHash('sha256').update(text).digest('hex');
}

/** The Database of a server whose keyed requests run in units of work (storage/ambient-transaction.ts). */
export type KeyedDatabase = AmbientDatabase;

/** `db` as the HTTP layer hands it to the routes: its calls join the unit of work they are made in. */
export function keyedDatabase(db: Database): KeyedDatabase {
  return withAmbientTransactions(db);
}

/** A key taken for a request, in the unit of work its handler runs in. */
export interface HeldKey {
  /** Runs the request's work in the unit: its transactions become part of it. */
  run<T>(work: () => T): T;
  /**
   * Ends the unit with the answer about to be sent: stored with the work, committed together, when
   * `answer` is given (one to replay); rolled back when it is undefined (a retry should run afresh).
   * Resolves to the answer to send instead, when another request's answer for this key was stored
   * first; rejects when nothing could be committed, and then the answer must not be sent.
   */
  finish(answer: StoredResponse | undefined): Promise<StoredResponse | undefined>;
  /** Rolls back whatever the request did, if it has not finished. */
  abandon(): Promise<void>;
}

/**
 * Opens the unit of work of a request with `key` and takes the key in it. Resolves to a HeldKey (run
 * the work in it, then finish it), or to the response stored for the key (replay it, run nothing).
 * A request still running with the key makes this wait for it to end. Throws LedgerError
 * `idempotencyKeyReused` when the key named another request, and `idempotencyKeyInProgress` (with
 * `retryAfterSeconds`) for a key a server of an earlier version left in progress.
 */
export async function beginIdempotentRequest(
  db: KeyedDatabase,
  scope: LedgerScope,
  key: string,
  fingerprint: string,
): Promise<HeldKey | { replay: StoredResponse }> {
  const unit = await db.openUnitOfWork();
  try {
    const row = await takeKey(unit.tx, scope, key, fingerprint);
    if (row.reserved) return holdKey(db, unit, scope, key, fingerprint);
    await unit.rollback();
    return { replay: storedResponseOf(row, key, fingerprint) };
  } catch (error) {
    await unit.rollback();
    throw error;
  }
}

async function takeKey(db: Queryable, scope: LedgerScope, key: string, fingerprint: string, answer?: StoredResponse) {
  for (let attempt = 1; attempt <= MAX_RESERVE_ATTEMPTS; attempt++) {
    const row =
      (await reserveKey(db, scope.ledgerId, key, fingerprint, KEY_TTL_HOURS, answer)) ??
      (await findKey(db, scope.ledgerId, key, KEY_TTL_HOURS));
    // Rolled back or expired between the two statements: the key is free again.
    if (row) return row;
  }
  throw new LedgerError('idempotencyKeyInProgress', { key, retryAfterSeconds: 1 });
}

function storedResponseOf(row: IdempotencyKeyRow, key: string, fingerprint: string): StoredResponse {
  if (row.request_hash !== fingerprint) throw new LedgerError('idempotencyKeyReused', { key });
  if (row.status_code === null) {
    // Left by a server that died before storing its answer: whether its work committed is unknown,
    // so nothing runs in the key's name until it expires.
    throw new LedgerError('idempotencyKeyInProgress', { key, retryAfterSeconds: Math.max(1, row.expires_in) });
  }
  return { statusCode: row.status_code, contentType: row.content_type, body: row.body };
}

function holdKey(db: KeyedDatabase, unit: UnitOfWork, scope: LedgerScope, key: string, fingerprint: string): HeldKey {
  let finished = false;
  return {
    run: (work) => unit.run(work),
    async finish(answer) {
      finished = true;
      if (answer === undefined) return void (await unit.rollback());
      if (!unit.failed) {
        await completeKey(unit.tx, scope.ledgerId, key, answer);
        await unit.commit();
        return undefined;
      }
      // A transaction of the work threw, and the unit with it: nothing of the work is kept. A success
      // cannot be answered then; a refusal is stored on its own, unless a duplicate that waited for
      // this unit took the key as it rolled back and answered first: then its answer is everyone's.
      await unit.rollback();
      if (answer.statusCode < 400) throw new Error('the work failed inside a request that answered success');
      const row = await outsideUnitOfWork(() => takeKey(db, scope, key, fingerprint, answer));
      return row.reserved ? undefined : storedResponseOf(row, key, fingerprint);
    },
    async abandon() {
      if (!finished) await unit.rollback();
    },
  };
}

/** Deletes up to `limit` expired keys; returns how many it deleted. */
export async function sweepExpiredKeys(db: Queryable, limit: number): Promise<number> {
  return deleteExpiredKeys(db, KEY_TTL_HOURS, limit);
}
