// generateDepositAddress(): POST /v3/offchain/account/{id}/address
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/blockchainAddresses/generateDepositAddress.ts

import { api, ETH_XPUB, print, unique, unusedIndex } from '../setup.js';

const account = await api
  .account()
  .createAccount({ currency: 'ETH', xpub: ETH_XPUB, customer: { externalId: unique('customer') } });

// Derived from the account's xpub at the index; without one, at the account's last used index + 1.
print('Deposit address', await api.blockchainAddresses().generateDepositAddress(account.id, unusedIndex()));
