import type { Subscription, SubscriptionQuery, SubscriptionType } from '../../contract/subscription.schema.js';
import type { Queryable } from '../../storage/database.js';

// Subscriptions and each API key's HMAC secret (migration 012). Their webhooks are read through
// ../webhooks/webhook-records.repository.ts. json columns are read as text and parsed here, so that both
// drivers give the same objects with their fields in the stored order.

export interface NewSubscription {
  id: string;
  ledgerId: string;
  apiKeyId: string;
  type: SubscriptionType;
  /** The account or customer watched; null for a type that watches nothing. */
  subjectId: string | null;
  /** As sent; its `url`, for a type that posts, is where webhooks go. */
  attr: Record<string, unknown>;
}

export async function insertSubscription(db: Queryable, subscription: NewSubscription): Promise<void> {
  await db.query(
    `INSERT INTO subscriptions (id, ledger_id, api_key_id, type, subject_id, attr)
     VALUES ($1, $2, $3, $4, $5, $6::json)`,
    [
      subscription.id,
      subscription.ledgerId,
      subscription.apiKeyId,
      subscription.type,
      subscription.subjectId,
      JSON.stringify(subscription.attr),
    ],
  );
}

/** Whether the ledger has this account (`account`) or customer (`customer`), active or not. */
export async function subjectExists(
  db: Queryable,
  ledgerId: string,
  kind: 'account' | 'customer',
  id: string,
): Promise<boolean> {
  const sql =
    kind === 'account'
      ? 'SELECT 1 FROM accounts WHERE ledger_id = $1 AND id = $2'
      : 'SELECT 1 FROM customers WHERE ledger_id = $1 AND id = $2';
  return (await db.query(sql, [ledgerId, id])).length > 0;
}

interface SubscriptionRow {
  id: string;
  type: SubscriptionType;
  attr: string;
}

const rowToSubscription = (row: SubscriptionRow): Subscription => ({
  id: row.id,
  type: row.type,
  attr: JSON.parse(row.attr) as Record<string, unknown>,
});

// No type served has an `address` attribute, so the filter finds only what was stored with one.
const SUBSCRIPTION_FILTER = `ledger_id = $1 AND ($2::text IS NULL OR attr->>'address' = $2)`;

/** The ledger's subscriptions, oldest first (docs/decisions/0002-creation-order-lists.md). */
export async function listSubscriptions(
  db: Queryable,
  ledgerId: string,
  query: SubscriptionQuery,
): Promise<Subscription[]> {
  const rows = await db.query<SubscriptionRow>(
    `SELECT id, type, attr::text AS attr FROM subscriptions WHERE ${SUBSCRIPTION_FILTER}
      ORDER BY seq LIMIT $3 OFFSET $4`,
    [ledgerId, query.address ?? null, query.pageSize, query.offset ?? 0],
  );
  return rows.map(rowToSubscription);
}

export async function countSubscriptions(db: Queryable, ledgerId: string, address: string | undefined) {
  const [row] = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM subscriptions WHERE ${SUBSCRIPTION_FILTER}`,
    [ledgerId, address ?? null],
  );
  return row!.total;
}

export async function findSubscription(db: Queryable, ledgerId: string, id: string): Promise<Subscription | undefined> {
  const rows = await db.query<SubscriptionRow>(
    'SELECT id, type, attr::text AS attr FROM subscriptions WHERE ledger_id = $1 AND id = $2',
    [ledgerId, id],
  );
  return rows.map(rowToSubscription)[0];
}

/**
 * Points the subscription, and its webhooks not yet delivered (given up ones too: a retry from the command
 * line sends them to the new URL), at `url`, in one statement. Answers whether the subscription was there.
 */
export async function updateSubscriptionUrl(
  db: Queryable,
  ledgerId: string,
  id: string,
  url: string,
  attr: Record<string, unknown>,
): Promise<boolean> {
  const [row] = await db.query<{ updated: number }>(
    `WITH s AS (
       UPDATE subscriptions SET attr = $4::json WHERE ledger_id = $1 AND id = $2 RETURNING id
     ), w AS (
       UPDATE webhooks SET url = $3
        WHERE ledger_id = $1 AND subscription_id IN (SELECT id FROM s) AND delivered_at IS NULL
     )
     SELECT count(*)::int AS updated FROM s`,
    [ledgerId, id, url, JSON.stringify(attr)],
  );
  return row!.updated > 0;
}

/** Deletes the subscription; the webhooks it raised stay and are still delivered. Answers whether it was there. */
export async function deleteSubscription(db: Queryable, ledgerId: string, id: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM subscriptions WHERE ledger_id = $1 AND id = $2 RETURNING id', [
    ledgerId,
    id,
  ]);
  return rows.length > 0;
}

/** Sets (or, with null, removes) the HMAC secret of one API key (docs/decisions/0031-webhook-hmac.md). */
export async function setHmacSecret(db: Queryable, apiKeyId: string, secret: string | null): Promise<void> {
  await db.query('UPDATE api_keys SET hmac_secret = $2 WHERE id = $1', [apiKeyId, secret]);
}
