// enableWebHookHmac(): PUT /v3/subscription
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/notificationSubscriptions/enableWebHookHmac.ts

import { api, newHmacSecret, payloadHash, print } from '../setup.js';

// From now on the webhooks of this key's subscriptions carry x-payload-hash: the base64 HMAC-SHA512 of
// the body's exact bytes. Keep the secret where your receiver can read it.
const hmacSecret = newHmacSecret();
await api.notificationSubscriptions().enableWebHookHmac({ hmacSecret });

// What a receiver checks, over the raw body it got:
const body = '{"subscriptionType":"ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION"}';
print('x-payload-hash of a sample body', payloadHash(hmacSecret, body));

// Leave the key as it was (see disableWebHookHmac.ts).
await api.notificationSubscriptions().disableWebHookHmac();
