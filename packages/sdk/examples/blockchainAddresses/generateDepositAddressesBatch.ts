// generateDepositAddressesBatch(): POST /v3/offchain/account/address/batch
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/blockchainAddresses/generateDepositAddressesBatch.ts

import { api, ETH_XPUB, print, unique, unusedIndex } from '../setup.js';

const account = await api
  .account()
  .createAccount({ currency: 'ETH', xpub: ETH_XPUB, customer: { externalId: unique('customer') } });

// All addresses are created, or none.
const first = unusedIndex();
const addresses = await api.blockchainAddresses().generateDepositAddressesBatch({
  addresses: [
    { accountId: account.id, derivationKey: first },
    { accountId: account.id, derivationKey: first === 0 ? 1 : first - 1 },
  ],
});
print('Deposit addresses', addresses);
