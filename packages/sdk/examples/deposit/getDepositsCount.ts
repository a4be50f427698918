// getDepositsCount(): GET /v3/ledger/deposits/count
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/deposit/getDepositsCount.ts

import { api, depositedEthAccount, print } from '../setup.js';

await depositedEthAccount('0.75');

print('Done ETH deposits', await api.deposit().getDepositsCount(undefined, undefined, undefined, 'Done', 'ETH'));
