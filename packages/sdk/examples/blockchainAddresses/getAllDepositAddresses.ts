// getAllDepositAddresses(): GET /v3/offchain/account/{id}/address
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/blockchainAddresses/getAllDepositAddresses.ts

import { api, ETH_XPUB, print, unique, unusedIndex } from '../setup.js';

const account = await api
  .account()
  .createAccount({ currency: 'ETH', xpub: ETH_XPUB, customer: { externalId: unique('customer') } });
await api.blockchainAddresses().generateDepositAddress(account.id, unusedIndex());

print('Deposit addresses', await api.blockchainAddresses().getAllDepositAddresses(account.id));
