// enableCustomer(): PUT /v3/ledger/customer/{id}/enable
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/customer/enableCustomer.ts

import { api, print, unique } from '../setup.js';

// Customers are enabled by default: disable one first.
const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });
await api.customer().disableCustomer(account.customerId!);

await api.customer().enableCustomer(account.customerId!);
print('Enabled customer', await api.customer().getCustomerByExternalOrInternalId(account.customerId!));
