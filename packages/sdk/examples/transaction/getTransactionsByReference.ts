// getTransactionsByReference(): GET /v3/ledger/transaction/reference/{reference}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/transaction/getTransactionsByReference.ts

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
const { reference } = await api.transaction().sendTransaction({
  senderAccountId: issuer.id,
  recipientAccountId: recipient.id,
  amount: '5',
});

print('Records of the payment', await api.transaction().getTransactionsByReference(reference));
