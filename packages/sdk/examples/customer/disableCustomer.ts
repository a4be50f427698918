// disableCustomer(): PUT /v3/ledger/customer/{id}/disable
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/customer/disableCustomer.ts

import { api, print, unique } from '../setup.js';

const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });

await api.customer().disableCustomer(account.customerId!);
print('Disabled customer', await api.customer().getCustomerByExternalOrInternalId(account.customerId!));
