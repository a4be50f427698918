// storeWithdrawal(): POST /v3/offchain/withdrawal
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/withdrawal/storeWithdrawal.ts

import { api, depositedEthAccount, print, uniqueEthAddress } from '../setup.js';

const account = await depositedEthAccount('1.5');

// Debits amount + fee at once; the withdrawal is InProgress until completed or cancelled.
const withdrawal = await api.withdrawal().storeWithdrawal({
  senderAccountId: account.id,
  address: uniqueEthAddress(),
  amount: '0.5',
  fee: '0.001',
  senderNote: 'Payout',
});
print('Withdrawal', withdrawal);
print('Balance', await api.account().getAccountBalance(account.id));
