// blockAmount(): POST /v3/ledger/account/block/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/blockAmount.ts

import { api, print, unique, uniqueCurrencyName } from '../setup.js';

// Value enters a ledger through a virtual currency: its issuing account holds the supply.
const issuer = await api.virtualCurrency().createCurrency({
  name: uniqueCurrencyName(),
  supply: '1000',
  basePair: 'EUR',
  customer: { externalId: unique('issuer') },
});

const blockage = await api
  .account()
  .blockAmount(issuer.id, { amount: '25.5', type: 'CARD_HOLD', description: 'Card payment' });
print('Blockage', blockage);
print('Balance', await api.account().getAccountBalance(issuer.id));
