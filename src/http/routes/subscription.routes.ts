import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Account, EntitiesCount } from '../../contract/account.schema.js';
import {
  CreateSubscription,
  HmacWebHook,
  Subscription,
  SubscriptionCreated,
  CreateSubscriptionQuery,
  SubscriptionIdParams,
  SubscriptionQuery,
  UpdateSubscription,
  WebHook,
  WebHookQuery,
} from '../../contract/subscription.schema.js';
import { Transaction } from '../../contract/transaction.schema.js';
import { getSubscriptionReport, reportCredits } from '../../domain/subscriptions/subscription-reports.js';
import {
  cancelSubscription,
  createSubscription,
  getSubscriptions,
  getSubscriptionsCount,
  getWebHooks,
  getWebHooksCount,
  setWebhookHmac,
  updateSubscription,
} from '../../domain/subscriptions/subscription.service.js';
import { refusals, type RouteDeps } from './route-deps.js';

const tags = ['Notification subscriptions'];
// Nothing to validate: no body, no parameters.
const { 400: _validation, ...withoutBody } = refusals;

/**
 * Notification subscriptions (docs/decisions/0029-subscriptions.md to 0032-webhook-destinations.md):
 * the two reports, the events posted to a URL, each key's HMAC secret, and the webhooks executed.
 * `GET /v3/subscription/{count|webhook|webhook/count|report/{id}}` are routes of their own; there is no
 * `GET /v3/subscription/{id}`.
 */
export const subscriptionRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger: { db } }) => {
  app.post(
    '/v3/subscription',
    {
      config: {
        credits: 2,
        refusals: [
          'subscriptionTypeInvalid',
          'subscriptionAttrBalanceInvalid',
          'subscriptionAttrIntervalInvalid',
          'subscriptionAttrIncomingInvalid',
          'subscriptionAttrPendingInvalid',
        ],
      },
      schema: {
        operationId: 'createSubscription',
        tags,
        summary: 'Create a subscription',
        description:
          'Subscribes to a report (ACCOUNT_BALANCE_LIMIT, TRANSACTION_HISTORY_REPORT), pulled with GET /v3/subscription/report/{id}, or to an event posted to `attr.url`: ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION when a deposit to the account is credited, ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION when it is first reported InProgress, CUSTOMER_TRADE_MATCH and CUSTOMER_PARTIAL_TRADE_MATCH for the customer’s trades, TRANSACTION_IN_THE_BLOCK when any withdrawal of the ledger is completed. Other types need a chain or a KMS and are refused with 403 subscription.type.invalid. A wrong attribute, or an account or customer not of this ledger, is refused with the type’s subscription.attr.*.invalid (subscription.attr.incoming.invalid for the trade and block types, which Tatum gives no code). `url` is an absolute http or https URL of at most 500 characters. `testnetType` and `x-testnet-type` are ignored.',
        querystring: CreateSubscriptionQuery,
        body: CreateSubscription,
        response: { 200: SubscriptionCreated, ...refusals },
      },
    },
    (request) => createSubscription(db, request.caller, request.body),
  );

  app.get(
    '/v3/subscription',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'getSubscriptions',
        tags,
        summary: 'List all active subscriptions',
        description:
          'The ledger’s subscriptions, oldest first, with their attributes as they were sent. `address` finds those whose attr.address is it; no type served here has one.',
        querystring: SubscriptionQuery,
        response: { 200: Type.Array(Subscription), ...refusals },
      },
    },
    (request) => getSubscriptions(db, request.caller, request.query),
  );

  app.get(
    '/v3/subscription/count',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'getSubscriptionsCount',
        tags,
        summary: 'Count of subscriptions that were found from /v3/subscription',
        description: 'How many subscriptions the same filter finds, regardless of the page.',
        querystring: SubscriptionQuery,
        response: { 200: EntitiesCount, ...refusals },
      },
    },
    (request) => getSubscriptionsCount(db, request.caller, request.query),
  );

  app.put(
    '/v3/subscription/:id',
    {
      config: {
        credits: 1,
        refusals: ['subscriptionNotExists', 'subscriptionAttrIncomingInvalid', 'subscriptionAttrPendingInvalid'],
      },
      schema: {
        operationId: 'updateSubscription',
        tags,
        summary: 'Update the URL of a subscription',
        description:
          'Sends the subscription’s webhooks to a new URL, those already raised and not yet delivered included. A report (ACCOUNT_BALANCE_LIMIT, TRANSACTION_HISTORY_REPORT) posts nothing and has no URL: refused with 403 subscription.attr.incoming.invalid. `mempool` is ignored.',
        params: SubscriptionIdParams,
        body: UpdateSubscription,
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      await updateSubscription(db, request.caller, request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/v3/subscription/:id',
    {
      config: { credits: 1, refusals: ['subscriptionNotExists'] },
      schema: {
        operationId: 'deleteSubscription',
        tags,
        summary: 'Cancel existing subscription',
        description:
          'Cancels the subscription. Webhooks it raised before are still delivered: an event raised while subscribed is owed.',
        params: SubscriptionIdParams,
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      await cancelSubscription(db, request.caller, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v3/subscription/report/:id',
    {
      config: {
        credits: 1,
        creditsFormula: '1 + 1 per 50 returned records',
        refusals: ['subscriptionNotExists', 'reportInvalid'],
      },
      schema: {
        operationId: 'getSubscriptionReport',
        tags,
        summary: 'Obtain report for subscription',
        description:
          'ACCOUNT_BALANCE_LIMIT: the ledger’s accounts whose account or available balance (attr.typeOfBalance) is strictly above attr.limit, oldest first. TRANSACTION_HISTORY_REPORT: the ledger’s transaction records of the last attr.interval hours, newest first. At most 20,000 records. Each 50 records, or part of 50, cost 1 credit more. Another type of subscription: 403 report.invalid.',
        params: SubscriptionIdParams,
        response: { 200: Type.Union([Type.Array(Account), Type.Array(Transaction)]), ...refusals },
      },
    },
    async (request) => {
      const records = await getSubscriptionReport(db, request.caller, request.params.id);
      request.credits = reportCredits(records.length);
      return records;
    },
  );

  app.put(
    '/v3/subscription',
    {
      config: { credits: 2 },
      schema: {
        operationId: 'enableWebHookHmac',
        tags,
        summary: 'Enable HMAC webhook digest',
        description:
          'Signs every webhook of the subscriptions this API key made: each carries `x-payload-hash`, the base64 HMAC-SHA512 of the exact body bytes with `hmacSecret` as the key. Set again to change the secret.',
        body: HmacWebHook,
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      await setWebhookHmac(db, request.caller, request.body.hmacSecret);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/v3/subscription',
    {
      config: { credits: 2 },
      schema: {
        operationId: 'disableWebHookHmac',
        tags,
        summary: 'Disable HMAC webhook digest',
        description: 'Stops signing the webhooks of the subscriptions this API key made.',
        response: { 204: Type.Null(), ...withoutBody },
      },
    },
    async (request, reply) => {
      await setWebhookHmac(db, request.caller, null);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v3/subscription/webhook',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'getAllWebhooks',
        tags,
        summary: 'List all executed webhooks',
        description:
          'The ledger’s webhooks, one record per event and subscription, updated by each try; newest first unless `direction=asc`. `failed` filters on the outcome so far. `attempts` (extension) lists every try with its response.',
        querystring: WebHookQuery,
        response: { 200: Type.Array(WebHook), ...refusals },
      },
    },
    (request) => getWebHooks(db, request.caller, request.query),
  );

  app.get(
    '/v3/subscription/webhook/count',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'getAllWebhooksCount',
        tags,
        summary: 'Count of webhooks that were found from /v3/subscription/webhook',
        description: 'How many webhooks the same `failed` filter finds, regardless of the page and direction.',
        querystring: WebHookQuery,
        response: { 200: EntitiesCount, ...refusals },
      },
    },
    (request) => getWebHooksCount(db, request.caller, request.query),
  );
};
