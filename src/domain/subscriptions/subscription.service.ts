import type {
  CreateSubscription,
  Subscription,
  SubscriptionQuery,
  UpdateSubscription,
  WebHook,
  WebHookQuery,
} from '../../contract/subscription.schema.js';
import type { Database } from '../../storage/database.js';
import { newId } from '../ids.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { countLedgerWebhooks, listLedgerWebhooks, type WebhookRecord } from '../webhooks/webhook-records.repository.js';
import { isReport, isWebhookUrl, judgeSubscription, urlRefusal } from './subscription-attributes.js';
import {
  countSubscriptions,
  deleteSubscription,
  findSubscription,
  insertSubscription,
  listSubscriptions,
  setHmacSecret,
  subjectExists,
  updateSubscriptionUrl,
} from './subscription.repository.js';

// Notification subscriptions (docs/decisions/0029-subscriptions.md): stored per ledger by the key that
// made them, whose HMAC secret signs their webhooks (0031-webhook-hmac.md).

/**
 * Stores a subscription of a served type whose attributes are right. Throws subscriptionTypeInvalid and
 * the type's attribute refusal (subscriptionAttr*Invalid), also when the account or customer it names is
 * not the ledger's.
 */
export async function createSubscription(
  db: Database,
  scope: LedgerScope,
  request: CreateSubscription,
): Promise<{ id: string }> {
  const judged = judgeSubscription(request.type, request.attr);
  const { subject } = judged;
  if (subject && !(await subjectExists(db, scope.ledgerId, subject.kind, subject.id))) {
    throw new LedgerError(urlRefusal(judged.type));
  }
  const id = newId();
  await insertSubscription(db, {
    id,
    ledgerId: scope.ledgerId,
    apiKeyId: scope.apiKeyId,
    type: judged.type,
    subjectId: subject?.id ?? null,
    attr: judged.attr,
  });
  return { id };
}

/** The ledger's subscriptions, oldest first. */
export function getSubscriptions(db: Database, scope: LedgerScope, query: SubscriptionQuery): Promise<Subscription[]> {
  return listSubscriptions(db, scope.ledgerId, query);
}

/** How many subscriptions the filter finds, whatever the page. */
export async function getSubscriptionsCount(db: Database, scope: LedgerScope, query: SubscriptionQuery) {
  return { total: await countSubscriptions(db, scope.ledgerId, query.address) };
}

/**
 * Points a subscription, and its webhooks not yet delivered, at a new URL. Throws
 * subscriptionNotExists; subscriptionAttrIncomingInvalid for a report, which has no URL, and the type's
 * attribute refusal for a URL that is not one.
 */
export async function updateSubscription(
  db: Database,
  scope: LedgerScope,
  id: string,
  request: UpdateSubscription,
): Promise<void> {
  const subscription = await findSubscription(db, scope.ledgerId, id);
  if (!subscription) throw new LedgerError('subscriptionNotExists');
  if (isReport(subscription.type)) throw new LedgerError('subscriptionAttrIncomingInvalid');
  if (!isWebhookUrl(request.url)) throw new LedgerError(urlRefusal(subscription.type));
  // The url replaced where it stands, the other attributes as they were sent.
  const attr = { ...subscription.attr, url: request.url };
  if (!(await updateSubscriptionUrl(db, scope.ledgerId, id, request.url, attr))) {
    throw new LedgerError('subscriptionNotExists');
  }
}

/** Cancels a subscription; the webhooks it raised are still delivered. Throws subscriptionNotExists. */
export async function cancelSubscription(db: Database, scope: LedgerScope, id: string): Promise<void> {
  if (!(await deleteSubscription(db, scope.ledgerId, id))) throw new LedgerError('subscriptionNotExists');
}

/** Signs the calling key's webhooks with `secret` from now on, or (null) stops signing them. */
export function setWebhookHmac(db: Database, scope: LedgerScope, secret: string | null): Promise<void> {
  return setHmacSecret(db, scope.apiKeyId, secret);
}

/** A webhook's record in Tatum's WebHook shape, with its tries as `attempts` (an extension). */
const toWebHook = (record: WebhookRecord): WebHook => ({
  type: record.type as WebHook['type'],
  id: record.id,
  subscriptionId: record.subscriptionId,
  url: record.url,
  data: record.data,
  nextTime: record.nextAt?.getTime() ?? null,
  timestamp: record.triedAt?.getTime() ?? null,
  retryCount: Math.max(record.tries - 1, 0),
  failed: record.failed,
  response: record.response,
  attempts: record.history,
});

/** The ledger's executed webhooks, newest first unless asked otherwise. */
export async function getWebHooks(db: Database, scope: LedgerScope, query: WebHookQuery): Promise<WebHook[]> {
  const records = await listLedgerWebhooks(db, scope.ledgerId, {
    ...(query.failed !== undefined ? { failed: query.failed } : {}),
    ...(query.direction ? { direction: query.direction } : {}),
    limit: query.pageSize,
    ...(query.offset !== undefined ? { offset: query.offset } : {}),
  });
  return records.map(toWebHook);
}

/** How many webhooks the filter finds, whatever the page. */
export async function getWebHooksCount(db: Database, scope: LedgerScope, query: WebHookQuery) {
  return { total: await countLedgerWebhooks(db, scope.ledgerId, query.failed) };
}
