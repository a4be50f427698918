import { createHash } from 'node:crypto';
import type { Queryable } from '../../storage/database.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { completeKey, deleteExpiredKeys, deleteInProgressKey, findKey, reserveKey } from './idempotency.repository.js';

// Idempotency-Key, with Stripe's semantics (DECISIONS.md 23): a key names one request of one ledger
// for 24 hours; its retries get the first response instead of running again.

/** After this a key is forgotten and may name a new request. */
export const KEY_TTL_HOURS = 24;
export const MAX_KEY_LENGTH = 255;
// Reserving can lose a race twice in a row only if the key is released or expires between the two
// statements each time; a third loss is answered as "in progress", which a client retries anyway.
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
export interface StoredResponse {
  statusCode: number;
  contentType: string | null;
  body: string | null;
}

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

/**
 * Takes `key` for this request. Resolves to undefined when the caller now holds it (run the work, then
 * `recordResponse` or `releaseKey`), or to the response stored for it (replay it, run nothing).
 * Throws LedgerError `idempotencyKeyReused` when the key named another request, and
 * `idempotencyKeyInProgress` while another request holds it.
 */
export async function beginIdempotentRequest(
  db: Queryable,
  scope: LedgerScope,
  key: string,
  fingerprint: string,
): Promise<StoredResponse | undefined> {
  for (let attempt = 1; attempt <= MAX_RESERVE_ATTEMPTS; attempt++) {
    const row =
      (await reserveKey(db, scope.ledgerId, key, fingerprint, KEY_TTL_HOURS)) ??
      (await findKey(db, scope.ledgerId, key, KEY_TTL_HOURS));
    // Released or expired between the two statements: the key is free again.
    if (!row) continue;
    if (row.reserved) return undefined;
    if (row.request_hash !== fingerprint) throw new LedgerError('idempotencyKeyReused', { key });
    if (row.status_code === null) throw new LedgerError('idempotencyKeyInProgress', { key });
    return { statusCode: row.status_code, contentType: row.content_type, body: row.body };
  }
  throw new LedgerError('idempotencyKeyInProgress', { key });
}

/** Stores the answer of the request holding `key`; its retries replay it from now on. */
export async function recordResponse(db: Queryable, scope: LedgerScope, key: string, response: StoredResponse) {
  await completeKey(db, scope.ledgerId, key, response);
}

/** Frees `key` without an answer, for a request whose outcome a retry should decide afresh. */
export async function releaseKey(db: Queryable, scope: LedgerScope, key: string) {
  await deleteInProgressKey(db, scope.ledgerId, key);
}

/** Deletes up to `limit` expired keys; returns how many it deleted. */
export async function sweepExpiredKeys(db: Queryable, limit: number): Promise<number> {
  return deleteExpiredKeys(db, KEY_TTL_HOURS, limit);
}
