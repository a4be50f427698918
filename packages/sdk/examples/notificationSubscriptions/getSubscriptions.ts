// getSubscriptions(): GET /v3/subscription
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/notificationSubscriptions/getSubscriptions.ts

import { api, print } from '../setup.js';

const { id } = await api
  .notificationSubscriptions()
  .createSubscription({ type: 'TRANSACTION_HISTORY_REPORT', attr: { interval: 24 } });

// Oldest first, 50 at most per page; offset pages on.
const page = await api.notificationSubscriptions().getSubscriptions(50);
print('First page', page.length);
print('The one just made', page.find((subscription) => subscription.id === id) ?? 'on a later page');
