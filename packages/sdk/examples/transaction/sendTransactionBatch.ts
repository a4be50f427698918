// sendTransactionBatch(): POST /v3/ledger/transaction/batch
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/transaction/sendTransactionBatch.ts

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

// All payments are made, or none.
const references = await api.transaction().sendTransactionBatch({
  senderAccountId: issuer.id,
  transaction: [
    { recipientAccountId: recipient.id, amount: '1' },
    { recipientAccountId: recipient.id, amount: '2' },
  ],
});
print('References', references);
