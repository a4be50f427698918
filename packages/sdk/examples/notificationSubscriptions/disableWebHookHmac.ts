// disableWebHookHmac(): DELETE /v3/subscription
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/notificationSubscriptions/disableWebHookHmac.ts

import { api, newHmacSecret, print } from '../setup.js';

await api.notificationSubscriptions().enableWebHookHmac({ hmacSecret: newHmacSecret() });

// Webhooks go without x-payload-hash again.
await api.notificationSubscriptions().disableWebHookHmac();
print('Signing', 'off');
