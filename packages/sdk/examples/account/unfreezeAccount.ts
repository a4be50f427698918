// unfreezeAccount(): PUT /v3/ledger/account/{id}/unfreeze
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/unfreezeAccount.ts

import { api, print, unique, uniqueCurrencyName } from '../setup.js';

// Value enters a ledger through a virtual currency: its issuing account holds the supply.
const issuer = await api.virtualCurrency().createCurrency({
  name: uniqueCurrencyName(),
  supply: '1000',
  basePair: 'EUR',
  customer: { externalId: unique('issuer') },
});
await api.account().freezeAccount(issuer.id);

await api.account().unfreezeAccount(issuer.id);
print('Unfrozen: available balance', await api.account().getAccountBalance(issuer.id));
