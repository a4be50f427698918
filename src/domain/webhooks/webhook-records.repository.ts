import type { Queryable } from '../../storage/database.js';
import type { WebhookResponse } from './delivery.js';
import type { TryRecord } from './webhook.repository.js';

// The webhooks table of migration 012 as the executed-webhook records read it (GET
// /v3/subscription/webhook) and an operator reads and nudges it from the command line, one ledger at a
// time. Tries are made and recorded by the servers' workers only (webhook.repository.ts): here nothing
// changes `tries`, `failed`, `response`, `history` or a worker's lease (`leased_until`).

/** A webhook's record: what it posts, where, and how its tries went. */
export interface WebhookRecord {
  id: string;
  type: string;
  subscriptionId: string;
  url: string;
  /** The payload, as it is posted. */
  data: Record<string, unknown>;
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
  /** Every try, oldest first. */
  history: TryRecord[];
}

interface WebhookRecordRow {
  id: string;
  type: string;
  subscription_id: string;
  url: string;
  payload: string;
  tries: number;
  failed: boolean;
  response: string;
  history: string;
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
  data: JSON.parse(row.payload) as Record<string, unknown>,
  tries: row.tries,
  failed: row.failed,
  response: JSON.parse(row.response) as WebhookResponse,
  nextAt: time(row.next_at),
  triedAt: time(row.tried_at),
  deliveredAt: time(row.delivered_at),
  createdAt: time(row.created_at)!,
  history: JSON.parse(row.history) as TryRecord[],
});

// json is read as text on both databases and parsed here, so both answer the same objects.
const COLUMNS = `id, type, subscription_id, url, payload::text AS payload, tries, failed, response::text AS response,
  history::text AS history, next_at, tried_at, delivered_at, created_at`;

/** Which of a ledger's webhooks, in which order: by creation, newest first unless `direction` is asc. */
export interface WebhookFilter {
  /** Only those whose last try failed (true) or did not (false); all when undefined. */
  failed?: boolean;
  direction?: 'asc' | 'desc';
  limit: number;
  offset?: number;
}

const LEDGER_FILTER = 'ledger_id = $1 AND ($2::boolean IS NULL OR failed = $2)';

/** The ledger's webhooks the filter picks. */
export async function listLedgerWebhooks(
  db: Queryable,
  ledgerId: string,
  filter: WebhookFilter,
): Promise<WebhookRecord[]> {
  const rows = await db.query<WebhookRecordRow>(
    `SELECT ${COLUMNS} FROM webhooks WHERE ${LEDGER_FILTER}
      ORDER BY seq ${filter.direction === 'asc' ? 'ASC' : 'DESC'} LIMIT $3 OFFSET $4`,
    [ledgerId, filter.failed ?? null, filter.limit, filter.offset ?? 0],
  );
  return rows.map(webhookRowToRecord);
}

/** How many of the ledger's webhooks `failed` picks (all when undefined). */
export async function countLedgerWebhooks(db: Queryable, ledgerId: string, failed?: boolean): Promise<number> {
  const [row] = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM webhooks WHERE ${LEDGER_FILTER}`,
    [ledgerId, failed ?? null],
  );
  return row!.total;
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
