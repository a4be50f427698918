// createAccountBatch(): POST /v3/ledger/account/batch
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/createAccountBatch.ts

import { api, print, unique } from '../setup.js';

// All accounts are created, or none.
const externalId = unique('customer');
const accounts = await api.account().createAccountBatch({
  accounts: [
    { currency: 'BTC', customer: { externalId } },
    { currency: 'ETH', customer: { externalId } },
  ],
});
print('Created accounts', accounts);
