// getTransactionsByCustomerId(): POST /v3/ledger/transaction/customer
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/transaction/getTransactionsByCustomerId.ts

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
  'Transactions of the customer',
  await api.transaction().getTransactionsByCustomerId({ id: recipient.customerId! }, pageSize),
);
