// activateAccount(): PUT /v3/ledger/account/{id}/activate
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/activateAccount.ts

import { api, print, unique } from '../setup.js';

const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });
await api.account().deactivateAccount(account.id);

await api.account().activateAccount(account.id);
print('Activated account', await api.account().getAccountByAccountId(account.id));
