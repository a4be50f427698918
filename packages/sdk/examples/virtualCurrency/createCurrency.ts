// createCurrency(): POST /v3/ledger/virtualCurrency
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/virtualCurrency/createCurrency.ts

import { api, print, unique, uniqueCurrencyName } from '../setup.js';

// Creates the currency and its issuing account, which holds the whole supply.
const account = await api.virtualCurrency().createCurrency({
  name: uniqueCurrencyName(),
  supply: '1000000',
  basePair: 'EUR',
  baseRate: 1,
  description: 'Loyalty points',
  customer: { externalId: unique('issuer') },
});
print('Issuing account', account);
