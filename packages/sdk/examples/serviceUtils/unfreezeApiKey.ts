// unfreezeApiKey(): DELETE /v3/tatum/freeze
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/serviceUtils/unfreezeApiKey.ts

import { api, print, unique } from '../setup.js';

// Unfreezing a key that is not frozen changes nothing; here it is frozen first.
await api.serviceUtils().freezeApiKey();

await api.serviceUtils().unfreezeApiKey();
const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });
print('Writing again', account);
