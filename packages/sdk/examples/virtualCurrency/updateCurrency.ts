// updateCurrency(): PUT /v3/ledger/virtualCurrency
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/virtualCurrency/updateCurrency.ts

import { api, print, unique, uniqueCurrencyName } from '../setup.js';

// Value enters a ledger through a virtual currency: its issuing account holds the supply.
const issuer = await api.virtualCurrency().createCurrency({
  name: uniqueCurrencyName(),
  supply: '1000',
  basePair: 'EUR',
  customer: { externalId: unique('issuer') },
});

await api.virtualCurrency().updateCurrency({ name: issuer.currency, baseRate: 1.5, basePair: 'USD' });
print('Updated', await api.virtualCurrency().getCurrency(issuer.currency));
