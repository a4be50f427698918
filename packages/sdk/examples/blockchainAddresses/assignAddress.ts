// assignAddress(): POST /v3/offchain/account/{id}/address/{address}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/blockchainAddresses/assignAddress.ts

import { api, print, unique, unusedIndex } from '../setup.js';

// An account without an xpub takes addresses made elsewhere. On XRP, accounts share the exchange's
// address and tell their deposits apart by destination tag: the index.
const account = await api.account().createAccount({ currency: 'XRP', customer: { externalId: unique('customer') } });
const exchangeAddress = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh'; // your exchange's XRP address

print('Assigned', await api.blockchainAddresses().assignAddress(account.id, exchangeAddress, unusedIndex() + 1));
