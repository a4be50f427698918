// updateCustomer(): PUT /v3/ledger/customer/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/customer/updateCustomer.ts

import { api, print, unique } from '../setup.js';

const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });

const customer = await api.customer().updateCustomer(account.customerId!, {
  externalId: unique('renamed'),
  customerCountry: 'CZ',
  providerCountry: 'DE',
  accountingCurrency: 'USD',
});
print('Updated customer', customer);
