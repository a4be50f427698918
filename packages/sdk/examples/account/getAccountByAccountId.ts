// getAccountByAccountId(): GET /v3/ledger/account/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/getAccountByAccountId.ts

import { api, print, unique } from '../setup.js';

const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });

print('Account', await api.account().getAccountByAccountId(account.id));
