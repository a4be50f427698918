// getDeposits(): GET /v3/ledger/deposits
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/deposit/getDeposits.ts

import { api, depositedEthAccount, print } from '../setup.js';

const account = await depositedEthAccount('0.75');

const pageSize = 10;
const page = 0;
print(
  'Done ETH deposits of the account',
  await api.deposit().getDeposits(pageSize, page, 'desc', 'Done', 'ETH', undefined, undefined, account.id),
);
