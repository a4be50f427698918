// getTransactionsByAccountId(): POST /v3/ledger/transaction/account
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/transaction/getTransactionsByAccountId.ts

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
  'Transactions of the account',
  await api.transaction().getTransactionsByAccountId({ id: recipient.id }, pageSize),
);
print('How many', await api.transaction().getTransactionsByAccountId({ id: recipient.id }, undefined, undefined, true));
