// mintCurrency(): PUT /v3/ledger/virtualCurrency/mint
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/virtualCurrency/mintCurrency.ts

import { api, print, unique, uniqueCurrencyName } from '../setup.js';

// Value enters a ledger through a virtual currency: its issuing account holds the supply.
const issuer = await api.virtualCurrency().createCurrency({
  name: uniqueCurrencyName(),
  supply: '1000',
  basePair: 'EUR',
  customer: { externalId: unique('issuer') },
});

const result = await api.virtualCurrency().mintCurrency({ accountId: issuer.id, amount: '250' });
print('Transaction', result);
print('Supply', (await api.virtualCurrency().getCurrency(issuer.currency)).supply);
