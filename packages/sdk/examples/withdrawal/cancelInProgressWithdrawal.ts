// cancelInProgressWithdrawal(): DELETE /v3/offchain/withdrawal/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/withdrawal/cancelInProgressWithdrawal.ts

import { api, depositedEthAccount, print, uniqueEthAddress } from '../setup.js';

const account = await depositedEthAccount('1');
const { id } = await api
  .withdrawal()
  .storeWithdrawal({ senderAccountId: account.id, address: uniqueEthAddress(), amount: '0.2', fee: '0.001' });

// The amount and the fee come back (revert=false would keep the fee).
await api.withdrawal().cancelInProgressWithdrawal(id, true);
print('Balance after the cancellation', await api.account().getAccountBalance(account.id));
