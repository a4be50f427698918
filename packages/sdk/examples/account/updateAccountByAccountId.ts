// updateAccountByAccountId(): PUT /v3/ledger/account/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/updateAccountByAccountId.ts

import { api, print, unique } from '../setup.js';

const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });

await api.account().updateAccountByAccountId(account.id, { accountCode: 'AC_2', accountNumber: 'N-2' });
print('Updated account', await api.account().getAccountByAccountId(account.id));
