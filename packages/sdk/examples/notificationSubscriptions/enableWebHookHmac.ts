// enableWebHookHmac(): PUT /v3/subscription
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/notificationSubscriptions/enableWebHookHmac.ts

import { createHmac, randomUUID } from 'node:crypto';
import { api, print } from '../setup.js';

// From now on the webhooks of this key's subscriptions carry x-payload-hash: the base64 HMAC-SHA512 of
// the body's exact bytes. Keep the secret where your receiver can read it.
const hmacSecret = randomUUID();
await api.notificationSubscriptions().enableWebHookHmac({ hmacSecret });

// What a receiver checks, over the raw body it got:
const body = '{"subscriptionType":"ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION"}';
print('x-payload-hash of a sample body', createHmac('sha512', hmacSecret).update(body).digest('base64'));

// Leave the key as it was (see disableWebHookHmac.ts).
await api.notificationSubscriptions().disableWebHookHmac();
