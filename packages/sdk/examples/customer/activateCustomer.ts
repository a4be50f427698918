// activateCustomer(): PUT /v3/ledger/customer/{id}/activate
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/customer/activateCustomer.ts

import { api, print, unique } from '../setup.js';

// Only an inactive customer can be activated, and a customer is deactivated once its accounts are.
const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });
await api.account().deactivateAccount(account.id);
await api.customer().deactivateCustomer(account.customerId!);

await api.customer().activateCustomer(account.customerId!);
print('Activated customer', await api.customer().getCustomerByExternalOrInternalId(account.customerId!));
