// getBlockAmountById(): GET /v3/ledger/account/block/{id}/detail
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/getBlockAmountById.ts

import { api, print, unique, uniqueCurrencyName } from '../setup.js';

// Value enters a ledger through a virtual currency: its issuing account holds the supply.
const issuer = await api.virtualCurrency().createCurrency({
  name: uniqueCurrencyName(),
  supply: '1000',
  basePair: 'EUR',
  customer: { externalId: unique('issuer') },
});
const { id } = await api.account().blockAmount(issuer.id, { amount: '10', type: 'CARD_HOLD' });

print('Blockage', await api.account().getBlockAmountById(id));
