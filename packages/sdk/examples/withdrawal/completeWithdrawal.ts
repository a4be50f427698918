// completeWithdrawal(): PUT /v3/offchain/withdrawal/{id}/{txId}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/withdrawal/completeWithdrawal.ts

import { api, depositedEthAccount, print, uniqueEthAddress, uniqueTxId } from '../setup.js';

const account = await depositedEthAccount('1');
const { id } = await api
  .withdrawal()
  .storeWithdrawal({ senderAccountId: account.id, address: uniqueEthAddress(), amount: '0.2', fee: '0.001' });

// Once your wallet has signed and broadcast the transaction: its id marks the withdrawal Done.
await api.withdrawal().completeWithdrawal(id, uniqueTxId());
const done = await api.withdrawal().getWithdrawals(50, 'ETH', 'Done');
print(
  'Completed withdrawal',
  done.find((withdrawal) => withdrawal.id === id),
);
