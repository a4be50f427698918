import type { Database } from '../../storage/database.js';
import type { LedgerScope } from '../ledger.js';
import {
  findLedgerWebhook,
  listLedgerWebhooks,
  makeWebhookDue,
  type WebhookRecord,
} from './webhook-records.repository.js';

export type { WebhookRecord } from './webhook-records.repository.js';

// What an operator does with a ledger's webhooks from the command line: see how their tries went, and
// make one due again (docs/decisions/0030-webhook-outbox.md). A retry only moves `next_at`: the try
// itself is made and recorded by a server's worker like any other, so it adds one to `tries` and one
// entry to the history. A given-up webhook that fails again is given up again after that one try.

/**
 * Where a webhook stands: delivered; pending (not tried yet); failing (its last try failed, and it is
 * tried again at `nextAt`); given up (every try failed).
 */
export type WebhookStatus = 'delivered' | 'pending' | 'failing' | 'given up';

export function webhookStatus(webhook: WebhookRecord): WebhookStatus {
  if (webhook.deliveredAt !== null) return 'delivered';
  if (webhook.nextAt === null) return 'given up';
  return webhook.failed ? 'failing' : 'pending';
}

/** A refusal of an operator's webhook command; its message is meant for the operator as it stands. */
export class WebhookAdminError extends Error {}
export class UnknownWebhookError extends WebhookAdminError {}
export class WebhookDeliveredError extends WebhookAdminError {}

/** The ledger's webhooks, newest first, at most `limit`; with `failing`, those whose last try failed. */
export function listWebhooks(
  db: Database,
  scope: LedgerScope,
  { failing, limit }: { failing: boolean; limit: number },
): Promise<WebhookRecord[]> {
  return listLedgerWebhooks(db, scope.ledgerId, { ...(failing ? { failed: true } : {}), limit });
}

/**
 * Makes one of the ledger's webhooks due now, waiting for a retry or given up. Throws
 * UnknownWebhookError and WebhookDeliveredError. One being tried at this moment stays its worker's
 * until its lease ends, and that try's outcome then sets its next try: the retry asked for is that try.
 */
export async function retryWebhook(db: Database, scope: LedgerScope, id: string): Promise<WebhookRecord> {
  // The conditional update decides; the read only says why it changed nothing.
  const due = await makeWebhookDue(db, scope.ledgerId, id);
  if (due) return due;
  const webhook = await findLedgerWebhook(db, scope.ledgerId, id);
  if (!webhook) throw new UnknownWebhookError(`No webhook with id '${id}' in this ledger.`);
  throw new WebhookDeliveredError(
    `The webhook '${id}' was delivered at ${webhook.deliveredAt!.toISOString()}; it is not sent again.`,
  );
}
