// getAccountsByCustomerId(): GET /v3/ledger/account/customer/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/account/getAccountsByCustomerId.ts

import { api, print, unique } from '../setup.js';

const externalId = unique('customer');
const [first] = await api.account().createAccountBatch({
  accounts: [
    { currency: 'BTC', accountCode: 'SAVINGS', customer: { externalId } },
    { currency: 'ETH', customer: { externalId } },
  ],
});

const pageSize = 10;
print('Accounts of the customer', await api.account().getAccountsByCustomerId(pageSize, first!.customerId!));
print('Only SAVINGS', await api.account().getAccountsByCustomerId(pageSize, first!.customerId!, 0, 'SAVINGS'));
