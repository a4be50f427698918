// getAccountsCount(): GET /v3/ledger/account/count
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/getAccountsCount.ts

import { api, print, unique } from '../setup.js';

await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });

print(
  'Active BTC accounts',
  await api.account().getAccountsCount(undefined, undefined, undefined, undefined, true, undefined, undefined, 'BTC'),
);
