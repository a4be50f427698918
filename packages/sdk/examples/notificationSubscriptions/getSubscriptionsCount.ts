// getSubscriptionsCount(): GET /v3/subscription/count
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/notificationSubscriptions/getSubscriptionsCount.ts

import { api, print } from '../setup.js';

await api.notificationSubscriptions().createSubscription({ type: 'TRANSACTION_HISTORY_REPORT', attr: { interval: 1 } });

// pageSize is required here too, as in Tatum's API; the count ignores the page.
print('Subscriptions', await api.notificationSubscriptions().getSubscriptionsCount(50));
