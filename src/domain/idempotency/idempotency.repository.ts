import type { Queryable } from '../../storage/database.js';

export interface IdempotencyKeyRow {
  /** True when this call wrote the row: the key is now held by the caller. */
  reserved: boolean;
  request_hash: string;
  /**
   * NULL while the request holding the key is in progress: only inside the transaction that took it,
   * or in a row left by a server of an earlier version, which took keys in a transaction of their own.
   */
  status_code: number | null;
  content_type: string | null;
  body: string | null;
  /** Seconds until the key expires and may name a new request. */
  expires_in: number;
}

const ROW_COLUMNS = 'request_hash, status_code, content_type, body';
const EXPIRES_IN = (ttl: string) =>
  `ceil(extract(epoch FROM created_at + make_interval(hours => ${ttl}) - now()))::integer AS expires_in`;

/** An answer as it was sent: replayed byte for byte. */
export interface StoredAnswer {
  statusCode: number;
  contentType: string | null;
  body: string | null;
}

/**
 * Takes the key for a request, or returns the row of the request that has it. An expired row (older
 * than `ttlHours`) is taken over in the same statement, so that expiry never depends on the sweep.
 * With `answer` the key is taken already answered; without, it is in progress until `completeKey`,
 * which the same transaction does (no other connection ever sees it in progress, README).
 *
 * A row another transaction has written and not yet committed makes this statement wait for that
 * transaction to end: a concurrent duplicate waits for the first request, then finds its answer. The
 * existing row is read in the same statement to save a round trip, but the statement's snapshot does
 * not see a row committed after it began: then nothing comes back and the caller reads again with
 * `findKey`.
 */
export async function reserveKey(
  db: Queryable,
  ledgerId: string,
  key: string,
  requestHash: string,
  ttlHours: number,
  answer?: StoredAnswer,
) {
  const rows = await db.query<IdempotencyKeyRow>(
    `WITH reserved AS (
       INSERT INTO idempotency_keys (ledger_id, key, request_hash, status_code, content_type, body)
       VALUES ($1, $2, $3, $5, $6, $7)
       ON CONFLICT (ledger_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = EXCLUDED.status_code,
             content_type = EXCLUDED.content_type, body = EXCLUDED.body, created_at = now()
         WHERE idempotency_keys.created_at < now() - make_interval(hours => $4)
       RETURNING ${ROW_COLUMNS}, created_at
     )
     SELECT true AS reserved, ${ROW_COLUMNS}, ${EXPIRES_IN('$4')} FROM reserved
     UNION ALL
     SELECT false AS reserved, ${ROW_COLUMNS}, ${EXPIRES_IN('$4')} FROM idempotency_keys
     WHERE ledger_id = $1 AND key = $2 AND NOT EXISTS (SELECT 1 FROM reserved)`,
    [
      ledgerId,
      key,
      requestHash,
      ttlHours,
      answer?.statusCode ?? null,
      answer?.contentType ?? null,
      answer?.body ?? null,
    ],
  );
  return rows[0];
}

/** The unexpired row of a key, if any. */
export async function findKey(db: Queryable, ledgerId: string, key: string, ttlHours: number) {
  const rows = await db.query<IdempotencyKeyRow>(
    `SELECT false AS reserved, ${ROW_COLUMNS}, ${EXPIRES_IN('$3')} FROM idempotency_keys
     WHERE ledger_id = $1 AND key = $2 AND created_at >= now() - make_interval(hours => $3)`,
    [ledgerId, key, ttlHours],
  );
  return rows[0];
}

/** Stores the response of the request holding the key; from now on the key replays it. */
export async function completeKey(db: Queryable, ledgerId: string, key: string, response: StoredAnswer) {
  await db.query(
    `UPDATE idempotency_keys SET status_code = $3, content_type = $4, body = $5
     WHERE ledger_id = $1 AND key = $2 AND status_code IS NULL`,
    [ledgerId, key, response.statusCode, response.contentType, response.body],
  );
}

/**
 * Deletes at most `limit` expired keys of any ledger (housekeeping, not a read for a caller); returns
 * how many. SKIP LOCKED lets servers that sweep at the same moment share the work instead of queueing.
 */
export async function deleteExpiredKeys(db: Queryable, ttlHours: number, limit: number) {
  const rows = await db.query<{ deleted: number }>(
    `WITH gone AS (
       DELETE FROM idempotency_keys WHERE (ledger_id, key) IN (
         SELECT ledger_id, key FROM idempotency_keys
         WHERE created_at < now() - make_interval(hours => $1)
         LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       RETURNING 1
     )
     SELECT count(*)::integer AS deleted FROM gone`,
    [ttlHours, limit],
  );
  return rows[0]!.deleted;
}
