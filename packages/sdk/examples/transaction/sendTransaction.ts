// sendTransaction(): POST /v3/ledger/transaction
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/transaction/sendTransaction.ts

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

const result = await api.transaction().sendTransaction({
  senderAccountId: issuer.id,
  recipientAccountId: recipient.id,
  amount: '12.5',
  paymentId: 'invoice-1',
  senderNote: 'Thanks',
});
print('Transaction', result);
