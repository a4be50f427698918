// removeAddress(): DELETE /v3/offchain/account/{id}/address/{address}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/blockchainAddresses/removeAddress.ts

import { api, print, unique, uniqueEthAddress } from '../setup.js';

const account = await api.account().createAccount({ currency: 'ETH', customer: { externalId: unique('customer') } });
const address = uniqueEthAddress();
await api.blockchainAddresses().assignAddress(account.id, address);

// Deposits to it are no longer credited to the account.
await api.blockchainAddresses().removeAddress(account.id, address);
print('Deposit addresses left', await api.blockchainAddresses().getAllDepositAddresses(account.id));
