// createAccount(): POST /v3/ledger/account
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/createAccount.ts

import { api, print, unique } from '../setup.js';

// With `customer`, the customer with that externalId is created (or updated) along with the account.
const account = await api.account().createAccount({
  currency: 'BTC',
  accountCode: 'AC_1_CUSTOMER',
  accountingCurrency: 'EUR',
  customer: { externalId: unique('customer'), customerCountry: 'DE', providerCountry: 'DE' },
});
print('Created account', account);
