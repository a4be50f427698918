// getAllWebhooksCount(): GET /v3/subscription/webhook/count
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/notificationSubscriptions/getAllWebhooksCount.ts

import { api, print } from '../setup.js';

// pageSize is required here too, as in Tatum's API; the count ignores the page and the direction.
print('Webhooks', await api.notificationSubscriptions().getAllWebhooksCount(50));
print('Failed so far', await api.notificationSubscriptions().getAllWebhooksCount(50, undefined, undefined, true));
