// freezeApiKey(): PUT /v3/tatum/freeze
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/serviceUtils/freezeApiKey.ts

import { LedgerRefusalError } from '../../src/index.js';
import { api, print, unique } from '../setup.js';

// From now on the key may only read: every write is refused with 403 api.key.frozen.
await api.serviceUtils().freezeApiKey();
try {
  await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });
} catch (error) {
  if (!(error instanceof LedgerRefusalError)) throw error;
  print('A write while frozen', { errorCode: error.errorCode, message: error.message });
}
print('Reads still work', await api.customer().findAllCustomers(1));

// Leave the key as it was (see unfreezeApiKey.ts).
await api.serviceUtils().unfreezeApiKey();
