// getCustomerByExternalOrInternalId(): GET /v3/ledger/customer/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/customer/getCustomerByExternalOrInternalId.ts

import { api, print, unique } from '../setup.js';

const externalId = unique('customer');
const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId, customerCountry: 'DE' } });

print('By internal id', await api.customer().getCustomerByExternalOrInternalId(account.customerId!));
print('By external id', await api.customer().getCustomerByExternalOrInternalId(externalId));
