// unblockAmountWithTransaction(): PUT /v3/ledger/account/block/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/unblockAmountWithTransaction.ts

import { api, print, unique, uniqueCurrencyName } from '../setup.js';

// Value enters a ledger through a virtual currency: its issuing account holds the supply.
const issuer = await api.virtualCurrency().createCurrency({
  name: uniqueCurrencyName(),
  supply: '1000',
  basePair: 'EUR',
  customer: { externalId: unique('issuer') },
});
const recipient = await api
  .account()
  .createAccount({ currency: issuer.currency, customer: { externalId: unique('customer') } });
const { id } = await api.account().blockAmount(issuer.id, { amount: '30', type: 'CARD_HOLD' });

// Removes the whole blockage and sends up to its amount, in one step.
const result = await api.account().unblockAmountWithTransaction(id, { recipientAccountId: recipient.id, amount: '12' });
print('Transaction', result);
print('Recipient balance', await api.account().getAccountBalance(recipient.id));
