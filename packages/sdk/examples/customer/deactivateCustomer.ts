// deactivateCustomer(): PUT /v3/ledger/customer/{id}/deactivate
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/customer/deactivateCustomer.ts

import { api, print, unique } from '../setup.js';

// A customer can be deactivated only when all their accounts are already deactivated.
const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });
await api.account().deactivateAccount(account.id);

await api.customer().deactivateCustomer(account.customerId!);
print('Deactivated customer', await api.customer().getCustomerByExternalOrInternalId(account.customerId!));
