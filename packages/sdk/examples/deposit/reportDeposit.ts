// reportDeposit(): POST /v3/ledger/deposits (this server's extension; Tatum has no such operation)
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/deposit/reportDeposit.ts

import { api, print, unique, uniqueEthAddress, uniqueTxId } from '../setup.js';

const account = await api.account().createAccount({ currency: 'ETH', customer: { externalId: unique('customer') } });
const address = uniqueEthAddress();
await api.blockchainAddresses().assignAddress(account.id, address);

// What a chain watcher sends: first when it sees the transaction, again once it is confirmed.
const report = { address, currency: 'ETH', txId: uniqueTxId(), index: 0, amount: '0.25', blockHeight: 19_000_000 };
print('Seen', await api.deposit().reportDeposit({ ...report, status: 'InProgress' }));
print('Confirmed', await api.deposit().reportDeposit({ ...report, status: 'Done' }));
print('Balance', await api.account().getAccountBalance(account.id));
