// updateSubscription(): PUT /v3/subscription/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/notificationSubscriptions/updateSubscription.ts
// Not in Tatum's PHP SDK 2.0.0; Tatum's API and its JavaScript client have it.

import { api, print, unique, webhookUrl } from '../setup.js';

const customer = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });
const { id } = await api
  .notificationSubscriptions()
  .createSubscription({ type: 'CUSTOMER_TRADE_MATCH', attr: { id: customer.customerId, url: webhookUrl } });

// Webhooks raised and not yet delivered go to the new URL too.
await api.notificationSubscriptions().updateSubscription(id, { url: `${webhookUrl}/v2` });
const page = await api.notificationSubscriptions().getSubscriptions(50);
print('Updated', page.find((subscription) => subscription.id === id) ?? 'on a later page');
