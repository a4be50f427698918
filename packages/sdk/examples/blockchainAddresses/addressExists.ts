// addressExists(): GET /v3/offchain/account/address/{address}/{currency}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/blockchainAddresses/addressExists.ts

import { api, print, unique, uniqueEthAddress } from '../setup.js';

const account = await api.account().createAccount({ currency: 'ETH', customer: { externalId: unique('customer') } });
const address = uniqueEthAddress();
await api.blockchainAddresses().assignAddress(account.id, address);

// The account the address belongs to; an unknown address is refused with address.not.found.
print('Account holding the address', await api.blockchainAddresses().addressExists('ETH', address));
