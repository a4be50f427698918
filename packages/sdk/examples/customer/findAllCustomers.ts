// findAllCustomers(): GET /v3/ledger/customer
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/customer/findAllCustomers.ts

import { api, print, unique } from '../setup.js';

// Customers come to be with their first account.
await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });

const pageSize = 10;
const offset = 0;
print('Customers', await api.customer().findAllCustomers(pageSize, offset));
