// deactivateAccount(): PUT /v3/ledger/account/{id}/deactivate
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/deactivateAccount.ts

import { api, print, unique } from '../setup.js';

// Only an account with zero balances can be deactivated: a new one.
const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });

await api.account().deactivateAccount(account.id);
print('Deactivated account', await api.account().getAccountByAccountId(account.id));
