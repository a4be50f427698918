// getWithdrawals(): GET /v3/offchain/withdrawal
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/withdrawal/getWithdrawals.ts

import { api, depositedEthAccount, print, uniqueEthAddress } from '../setup.js';

const account = await depositedEthAccount('1');
await api
  .withdrawal()
  .storeWithdrawal({ senderAccountId: account.id, address: uniqueEthAddress(), amount: '0.2', fee: '0.001' });

const pageSize = 10;
print('ETH withdrawals in progress', await api.withdrawal().getWithdrawals(pageSize, 'ETH', 'InProgress'));
