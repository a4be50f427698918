// getTransactions(): POST /v3/ledger/transaction/ledger
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/transaction/getTransactions.ts

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
await api.transaction().sendTransaction({
  senderAccountId: issuer.id,
  recipientAccountId: recipient.id,
  amount: '5',
});

const pageSize = 10;
print(
  'Payments out of the issuing account',
  await api.transaction().getTransactions({ account: issuer.id, transactionType: 'DEBIT_PAYMENT' }, pageSize),
);
