// getAccounts(): GET /v3/ledger/account
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/getAccounts.ts

import { api, print, unique } from '../setup.js';

await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });

const pageSize = 10;
const page = 0;
print(
  'Newest BTC accounts',
  await api.account().getAccounts(pageSize, page, 'desc', 'id', true, undefined, undefined, 'BTC'),
);
