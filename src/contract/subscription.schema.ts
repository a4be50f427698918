import { Type, type Static } from 'typebox';
import { Offset, PageSize } from './common.schema.js';

// Notification subscriptions (Tatum's "Notification subscriptions"; docs/decisions/0029-subscriptions.md
// to 0032-webhook-destinations.md).

/** The types a ledger can serve: two reports pulled over HTTP, five events posted to a URL. */
export const SUBSCRIPTION_TYPES = [
  'ACCOUNT_BALANCE_LIMIT',
  'TRANSACTION_HISTORY_REPORT',
  'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
  'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION',
  'CUSTOMER_TRADE_MATCH',
  'CUSTOMER_PARTIAL_TRADE_MATCH',
  'TRANSACTION_IN_THE_BLOCK',
] as const;
export type SubscriptionType = (typeof SUBSCRIPTION_TYPES)[number];

/** The names Tatum lists executed webhooks by: not the subscription types (docs/decisions/0030-webhook-outbox.md). */
export const WEBHOOK_TYPES = [
  'INCOMING_BLOCKCHAIN_HOOK',
  'PENDING_BLOCKCHAIN_HOOK',
  'TRADE_MATCH',
  'TRADE_PARTIAL_FILL',
  'TRANSACTION_IN_THE_BLOCK',
] as const;
export type WebHookType = (typeof WEBHOOK_TYPES)[number];

/** Longest webhook URL Tatum takes. */
export const MAX_URL_LENGTH = 500;

/** A JSON object whose properties are whatever was sent or stored: serialised as it is. */
const AnyObject = (description: string) =>
  Type.Unsafe<Record<string, unknown>>(Type.Object({}, { additionalProperties: true, description }));

// Only the shape is validated here (400): which type, and whether its attributes are right, are the
// ledger's judgement, answered with 403 and the type's own code as Tatum answers them.
export const CreateSubscription = Type.Object({
  type: Type.String({
    description: `One of ${SUBSCRIPTION_TYPES.join(', ')}; any other type is refused with 403 subscription.type.invalid`,
  }),
  attr: AnyObject(
    'ACCOUNT_BALANCE_LIMIT: {limit, typeOfBalance: account|available}; TRANSACTION_HISTORY_REPORT: {interval: hours, 1 to 720}; ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION and ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION: {id: an account, url}; CUSTOMER_TRADE_MATCH and CUSTOMER_PARTIAL_TRADE_MATCH: {id: a customer, url}; TRANSACTION_IN_THE_BLOCK: {url}. Stored and listed as sent, without the __type tatum 1.x adds.',
  ),
});
export type CreateSubscription = Static<typeof CreateSubscription>;

// Tatum's `Id`, as the other creations answer it.
export const SubscriptionCreated = Type.Object({ id: Type.String() });

/** What the PHP SDK always appends, and Tatum's chain choice for ETH-like subscriptions: ignored here. */
export const CreateSubscriptionQuery = Type.Object({
  testnetType: Type.Optional(
    Type.String({ description: 'Ignored: it picks a chain testnet, and the ledger has none' }),
  ),
});

export const Subscription = Type.Object({
  id: Type.String(),
  type: Type.Enum([...SUBSCRIPTION_TYPES], { type: 'string' }),
  attr: AnyObject('The attributes, as they were sent'),
});
export type Subscription = Static<typeof Subscription>;

export const SubscriptionQuery = Type.Object({
  pageSize: PageSize,
  offset: Type.Optional(Offset),
  address: Type.Optional(Type.String({ description: 'Only subscriptions whose attr.address is this' })),
});
export type SubscriptionQuery = Static<typeof SubscriptionQuery>;

export const SubscriptionIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const UpdateSubscription = Type.Object({
  url: Type.String({ description: 'New webhook url' }),
  mempool: Type.Optional(Type.Boolean({ description: 'Tatum’s, for address subscriptions only; ignored here' })),
});
export type UpdateSubscription = Static<typeof UpdateSubscription>;

export const HmacWebHook = Type.Object({
  hmacSecret: Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'Your HMAC secret password, which is used for signing the webhook payload.',
  }),
});
export type HmacWebHook = Static<typeof HmacWebHook>;

export const WebHookQuery = Type.Object({
  pageSize: PageSize,
  offset: Type.Optional(Offset),
  direction: Type.Optional(
    Type.Enum(['asc', 'desc'], { type: 'string', description: 'Order of creation; desc, newest first, by default' }),
  ),
  failed: Type.Optional(Type.Boolean({ description: 'Only webhooks that failed (true) or did not (false)' })),
});
export type WebHookQuery = Static<typeof WebHookQuery>;

const WebHookResponse = (description: string) =>
  Type.Object(
    {
      code: Type.Optional(Type.Integer({ description: 'HTTP Status' })),
      data: Type.Optional(Type.String({ description: 'Response from the server' })),
      networkError: Type.Boolean({ description: 'Flag indicating whether an error has been caused by the network' }),
    },
    { description },
  );

/** A time in UTC milliseconds, or null: the description on the whole, so that it is not lost in a branch. */
const NullableTime = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

export const WebHook = Type.Object({
  type: Type.Enum([...WEBHOOK_TYPES], { type: 'string' }),
  id: Type.String(),
  subscriptionId: Type.String(),
  url: Type.String(),
  data: AnyObject('The payload posted, as it is posted'),
  nextTime: NullableTime('Next try, UTC milliseconds; null once delivered or given up'),
  timestamp: NullableTime('The last try, UTC milliseconds; null before the first'),
  retryCount: Type.Integer({ description: 'Tries after the first' }),
  failed: Type.Boolean(),
  response: WebHookResponse('The last try’s response; {"networkError": false} before the first try'),
  attempts: Type.Array(
    Type.Object({
      timestamp: Type.Number({ description: 'When the try was made, UTC milliseconds' }),
      response: WebHookResponse('This try’s response'),
    }),
    { description: 'Every try made, oldest first, with its response' },
  ),
});
export type WebHook = Static<typeof WebHook>;
