// getBlockAmount(): GET /v3/ledger/account/block/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/getBlockAmount.ts

import { api, print, unique, uniqueCurrencyName } from '../setup.js';

// Value enters a ledger through a virtual currency: its issuing account holds the supply.
const issuer = await api.virtualCurrency().createCurrency({
  name: uniqueCurrencyName(),
  supply: '1000',
  basePair: 'EUR',
  customer: { externalId: unique('issuer') },
});
await api.account().blockAmount(issuer.id, { amount: '10', type: 'CARD_HOLD' });
await api.account().blockAmount(issuer.id, { amount: '5', type: 'FEE' });

const pageSize = 10;
print('Blockages', await api.account().getBlockAmount(issuer.id, pageSize));
