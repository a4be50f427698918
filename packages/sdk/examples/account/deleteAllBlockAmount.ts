// deleteAllBlockAmount(): DELETE /v3/ledger/account/block/account/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/deleteAllBlockAmount.ts

import { api, print, unique, uniqueCurrencyName } from '../setup.js';

// Value enters a ledger through a virtual currency: its issuing account holds the supply.
const issuer = await api.virtualCurrency().createCurrency({
  name: uniqueCurrencyName(),
  supply: '1000',
  basePair: 'EUR',
  customer: { externalId: unique('issuer') },
});
await api.account().blockAmount(issuer.id, { amount: '10', type: 'CARD_HOLD' });
await api.account().blockAmount(issuer.id, { amount: '20', type: 'CARD_HOLD' });

await api.account().deleteAllBlockAmount(issuer.id);
print('Blockages left', await api.account().getBlockAmount(issuer.id, 10));
