import { AMOUNT_PATTERN } from '../../contract/money.schema.js';
import type { ErrorName } from '../../contract/errors.js';
import { MAX_URL_LENGTH, SUBSCRIPTION_TYPES, type SubscriptionType } from '../../contract/subscription.schema.js';
import { LedgerError } from '../ledger-error.js';

// What each subscription type takes in `attr`, judged as Tatum judges it: a wrong attribute is a 403
// with the type's own code, not a 400 (docs/decisions/0029-subscriptions.md).

/** What a subscription watches once its attributes are judged; `attr.url` is where its webhooks go. */
export interface JudgedSubscription {
  type: SubscriptionType;
  /** The account or customer it watches, still to be found in the ledger; null when it watches nothing. */
  subject: { kind: 'account' | 'customer'; id: string } | null;
  /** As sent, without tatum 1.x's `__type`. */
  attr: Record<string, unknown>;
}

const amount = new RegExp(AMOUNT_PATTERN);

/** An absolute http or https URL of at most 500 characters, as sent (no spaces or control characters). */
export function isWebhookUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH || /[\s\u0000-\u001f\u007f]/.test(url)) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** The refusal for a bad id or url of a type that posts: Tatum's pending code, or its generic one. */
export function urlRefusal(type: SubscriptionType): ErrorName {
  return type === 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION'
    ? 'subscriptionAttrPendingInvalid'
    : 'subscriptionAttrIncomingInvalid';
}

const isId = (id: unknown): id is string => typeof id === 'string' && id.length === 24;
const isServed = (type: string): type is SubscriptionType => (SUBSCRIPTION_TYPES as readonly string[]).includes(type);

/**
 * Judges a subscription's type and attributes. Throws subscriptionTypeInvalid,
 * subscriptionAttrBalanceInvalid, subscriptionAttrIntervalInvalid, subscriptionAttrIncomingInvalid,
 * subscriptionAttrPendingInvalid.
 */
export function judgeSubscription(type: string, sent: Record<string, unknown>): JudgedSubscription {
  if (!isServed(type)) throw new LedgerError('subscriptionTypeInvalid');
  // tatum 1.x copies the type into attr.__type before sending; it is not an attribute.
  const { __type: _discriminator, ...attr } = sent;
  switch (type) {
    case 'ACCOUNT_BALANCE_LIMIT': {
      const { limit, typeOfBalance } = attr;
      if (
        typeof limit !== 'string' ||
        limit.length > 38 ||
        !amount.test(limit) ||
        (typeOfBalance !== 'account' && typeOfBalance !== 'available')
      ) {
        throw new LedgerError('subscriptionAttrBalanceInvalid');
      }
      return { type, subject: null, attr };
    }
    case 'TRANSACTION_HISTORY_REPORT': {
      const { interval } = attr;
      if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1 || interval > 720) {
        throw new LedgerError('subscriptionAttrIntervalInvalid');
      }
      return { type, subject: null, attr };
    }
    case 'TRANSACTION_IN_THE_BLOCK':
      if (!isWebhookUrl(attr.url)) throw new LedgerError(urlRefusal(type));
      return { type, subject: null, attr };
    case 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION':
    case 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION':
    case 'CUSTOMER_TRADE_MATCH':
    case 'CUSTOMER_PARTIAL_TRADE_MATCH': {
      const { id, url } = attr;
      if (!isId(id) || !isWebhookUrl(url)) throw new LedgerError(urlRefusal(type));
      const kind = type.startsWith('ACCOUNT_') ? 'account' : 'customer';
      return { type, subject: { kind, id }, attr };
    }
  }
}

/** Whether the type is one of the two reports, pulled over HTTP and never posted. */
export const isReport = (type: SubscriptionType) =>
  type === 'ACCOUNT_BALANCE_LIMIT' || type === 'TRANSACTION_HISTORY_REPORT';
