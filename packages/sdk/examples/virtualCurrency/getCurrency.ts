// getCurrency(): GET /v3/ledger/virtualCurrency/{name}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/virtualCurrency/getCurrency.ts

import { api, print, unique, uniqueCurrencyName } from '../setup.js';

// Value enters a ledger through a virtual currency: its issuing account holds the supply.
const issuer = await api.virtualCurrency().createCurrency({
  name: uniqueCurrencyName(),
  supply: '1000',
  basePair: 'EUR',
  customer: { externalId: unique('issuer') },
});

print('Virtual currency', await api.virtualCurrency().getCurrency(issuer.currency));
