// broadcastBlockchainTransaction(): POST /v3/offchain/withdrawal/broadcast
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/withdrawal/broadcastBlockchainTransaction.ts

import { LedgerRefusalError } from '../../src/index.js';
import { api, depositedEthAccount, print, uniqueEthAddress } from '../setup.js';

const account = await depositedEthAccount('1');
const { id } = await api
  .withdrawal()
  .storeWithdrawal({ senderAccountId: account.id, address: uniqueEthAddress(), amount: '0.2', fee: '0.001' });

// The server connects to no chain node, so it always refuses: broadcast with your own node, then
// call completeWithdrawal.
try {
  await api
    .withdrawal()
    .broadcastBlockchainTransaction({ currency: 'ETH', txData: '0xf86c0a8502540be400', withdrawalId: id });
} catch (error) {
  if (!(error instanceof LedgerRefusalError)) throw error;
  print('Refused', { errorCode: error.errorCode, message: error.message });
}
