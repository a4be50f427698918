import type { Queryable } from '../../storage/database.js';
import type { WebhookResponse } from './delivery.js';

// The webhooks table of migration 012 as the delivery workers use it: claim what is due, record each
// try. A claim leases the row: no other worker takes it meanwhile, and if this one dies the row is due
// again when the lease ends (docs/decisions/0030-webhook-outbox.md).

/** A webhook a worker has claimed, with what it needs to send it. */
export interface ClaimedWebhook {
  id: string;
  url: string;
  /** The payload as stored (json: its fields in the order they are sent). */
  payload: string;
  /** Tries made before this one. */
  tries: number;
  history: TryRecord[];
  /** When the event was raised. */
  createdAt: Date;
  /** The hmacSecret of the subscription's key, when HMAC is on for it. */
  hmacSecret: string | null;
}

/** One try as the record keeps it. */
export interface TryRecord {
  timestamp: number;
  response: WebhookResponse;
}

/**
 * Claims up to `limit` due webhooks, oldest due first, for `leaseMs`. On PostgreSQL rows another worker
 * is claiming are skipped, not waited for.
 */
export async function claimDueWebhooks(db: Queryable, limit: number, leaseMs: number): Promise<ClaimedWebhook[]> {
  const rows = await db.query<{
    id: string;
    url: string;
    payload: string;
    tries: number;
    history: string;
    created_at: Date;
    hmac_secret: string | null;
  }>(
    `WITH due AS (
       SELECT id FROM webhooks WHERE next_at <= now() AND (leased_until IS NULL OR leased_until <= now())
        ORDER BY next_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     UPDATE webhooks w SET leased_until = now() + $2::float8 * interval '1 millisecond'
       FROM due WHERE w.id = due.id
     RETURNING w.id, w.url, w.payload::text AS payload, w.tries, w.history::text AS history, w.created_at,
       (SELECT k.hmac_secret FROM api_keys k WHERE k.id = w.api_key_id) AS hmac_secret`,
    [limit, leaseMs],
  );
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    payload: row.payload,
    tries: row.tries,
    history: JSON.parse(row.history) as TryRecord[],
    createdAt: new Date(row.created_at),
    hmacSecret: row.hmac_secret,
  }));
}

/**
 * Records a try of a webhook claimed with `claimedTries` tries before it: delivered (done), or failed and
 * due again in `retryInMs` (undefined: it has had every try). A worker whose lease ran out and whose row
 * another worker took meanwhile records nothing: the other's try is the one that counts.
 */
export async function recordTry(
  db: Queryable,
  id: string,
  claimedTries: number,
  tried: { at: Date; delivered: boolean; response: WebhookResponse; history: TryRecord[]; retryInMs?: number },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE webhooks SET tries = tries + 1, failed = NOT $3::boolean, response = $4::json, history = $5::json, tried_at = $6,
            delivered_at = CASE WHEN $3::boolean THEN now() END, leased_until = NULL,
            next_at = CASE WHEN $3::boolean OR $7::float8 IS NULL THEN NULL ELSE now() + $7::float8 * interval '1 millisecond' END
      WHERE id = $1 AND tries = $2
      RETURNING id`,
    [
      id,
      claimedTries,
      tried.delivered,
      JSON.stringify(tried.response),
      JSON.stringify(tried.history),
      tried.at.toISOString(),
      tried.retryInMs ?? null,
    ],
  );
  return rows.length > 0;
}

/** Gives a claimed webhook back, due now, without counting a try: the server stopped before it ended. */
export async function releaseWebhook(db: Queryable, id: string, claimedTries: number): Promise<void> {
  await db.query('UPDATE webhooks SET leased_until = NULL WHERE id = $1 AND tries = $2', [id, claimedTries]);
}

/**
 * Ends every lease. Only for a database one server alone opens (PGlite): at its start no worker can hold
 * one, so the leases left are a dead server's, and what they hold is due now rather than when they end.
 */
export async function endLeases(db: Queryable): Promise<void> {
  await db.query('UPDATE webhooks SET leased_until = NULL WHERE leased_until IS NOT NULL');
}

/** Milliseconds until the next webhook is due (0 when one is due now), or undefined when none waits. */
export async function msUntilNextDue(db: Queryable): Promise<number | undefined> {
  const rows = await db.query<{ wait: string | null }>(
    `SELECT (extract(epoch FROM min(greatest(next_at, leased_until)) - now()) * 1000)::text AS wait
       FROM webhooks WHERE next_at IS NOT NULL`,
  );
  // No row: min() is NULL.
  const wait = rows[0]?.wait;
  return wait === null || wait === undefined ? undefined : Math.max(0, Math.ceil(Number(wait)));
}

/** Webhooks not yet delivered nor given up, across every ledger of the database. */
export async function countPendingWebhooks(db: Queryable): Promise<number> {
  const rows = await db.query<{ pending: string }>(
    'SELECT count(*)::text AS pending FROM webhooks WHERE next_at IS NOT NULL',
  );
  return Number(rows[0]!.pending);
}
