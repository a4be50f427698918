// getAllWebhooks(): GET /v3/subscription/webhook
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/notificationSubscriptions/getAllWebhooks.ts

import { api, print, unique, uniqueTxId, webhookUrl } from '../setup.js';

const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });
const { id } = await api
  .notificationSubscriptions()
  .createSubscription({ type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', attr: { id: account.id, url: webhookUrl } });

// A credited deposit raises a webhook, which the server posts in the background.
await api.deposit().reportDeposit({
  accountId: account.id,
  currency: 'BTC',
  txId: uniqueTxId().slice(2),
  index: 0,
  amount: '0.001',
  blockHeight: 840_000,
  status: 'Done',
});

// Newest first (direction 'asc' for oldest first); failed true or false keeps one outcome only.
const webhooks = await api.notificationSubscriptions().getAllWebhooks(50, 0, 'desc');
print(
  'Raised by the deposit',
  webhooks.find((webhook) => webhook.subscriptionId === id),
);
