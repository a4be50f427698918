import type { Queryable } from '../../storage/database.js';
import type { WebhookResponse } from './delivery.js';

// The webhooks table of migration 012 as an operator reads and nudges it from the command line, one
// ledger at a time. Tries are made and recorded by the servers' workers only (webhook.repository.ts):
// here nothing changes `tries`, `failed`, `response`, `history` or a worker's lease (`leased_until`).

/** A webhook as the operator sees it: where it goes and how its tries went. */
export interface WebhookRecord {
  id: string;
  type: string;
  subscriptionId: string;
  url: string;
  tries: number;
  /** Its last try failed. */
  failed: boolean;
  /** The last try's response; `{networkError: false}` before the first. */
  response: WebhookResponse;
  /** When it is due next; null once delivered or given up. */
  nextAt: Date | null;
  triedAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

interface WebhookRecordRow {
  id: string;
  type: string;
  subscription_id: string;
  url: string;
  tries: number;
  failed: boolean;
  response: string;
  next_at: Date | string | null;
  tried_at: Date | string | null;
  delivered_at: Date | string | null;
  created_at: Date | string;
}

const time = (value: Date | string | null) => (value === null ? null : new Date(value));

const webhookRowToRecord = (row: WebhookRecordRow): WebhookRecord => ({
  id: row.id,
  type: row.type,
  subscriptionId: row.subscription_id,
  url: row.url,
  tries: row.tries,
  failed: row.failed,
  // json is read as text on both databases and parsed here, so both answer the same object.
  response: JSON.parse(row.response) as WebhookResponse,
  nextAt: time(row.next_at),
  triedAt: time(row.tried_at),
  deliveredAt: time(row.delivered_at),
  createdAt: time(row.created_at)!,
});

const COLUMNS = `id, type, subscription_id, url, tries, failed, response::text AS response, next_at, tried_at,
  delivered_at, created_at`;

/** The ledger's webhooks, newest first; with `failing`, only those whose last try failed. */
export async function listLedgerWebhooks(
  db: Queryable,
  ledgerId: string,
  failing: boolean,
  limit: number,
): Promise<WebhookRecord[]> {
  const rows = await db.query<WebhookRecordRow>(
    `SELECT ${COLUMNS} FROM webhooks
      WHERE ledger_id = $1 AND (NOT $2::boolean OR failed)
      ORDER BY seq DESC LIMIT $3`,
    [ledgerId, failing, limit],
  );
  return rows.map(webhookRowToRecord);
}

/**
 * Makes a webhook of the ledger that is not delivered due now, whether it waits for its next retry or
 * was given up, and wakes the servers' workers as a new event would; answers it, or undefined when the
 * ledger has no such undelivered webhook.
 */
export async function makeWebhookDue(db: Queryable, ledgerId: string, id: string): Promise<WebhookRecord | undefined> {
  const rows = await db.query<WebhookRecordRow>(
    `WITH due AS (
       UPDATE webhooks SET next_at = now()
        WHERE ledger_id = $1 AND id = $2 AND delivered_at IS NULL
        RETURNING ${COLUMNS})
     SELECT due.*, pg_notify('ledger_changes', 'webhooks:' || $1) FROM due`,
    [ledgerId, id],
  );
  return rows[0] && webhookRowToRecord(rows[0]);
}

/** One webhook of the ledger, or undefined. */
export async function findLedgerWebhook(
  db: Queryable,
  ledgerId: string,
  id: string,
): Promise<WebhookRecord | undefined> {
  const rows = await db.query<WebhookRecordRow>(`SELECT ${COLUMNS} FROM webhooks WHERE ledger_id = $1 AND id = $2`, [
    ledgerId,
    id,
  ]);
  return rows[0] && webhookRowToRecord(rows[0]);
}
