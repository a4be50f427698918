// deleteSubscription(): DELETE /v3/subscription/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/notificationSubscriptions/deleteSubscription.ts

import { api, print, webhookUrl } from '../setup.js';

const { id } = await api
  .notificationSubscriptions()
  .createSubscription({ type: 'TRANSACTION_IN_THE_BLOCK', attr: { url: webhookUrl } });

// Webhooks it raised before are still delivered.
await api.notificationSubscriptions().deleteSubscription(id);
const page = await api.notificationSubscriptions().getSubscriptions(50);
print(
  'Still listed',
  page.some((subscription) => subscription.id === id),
);
