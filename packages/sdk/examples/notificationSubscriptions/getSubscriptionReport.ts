// getSubscriptionReport(): GET /v3/subscription/report/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/notificationSubscriptions/getSubscriptionReport.ts

import type { Account } from '../../src/index.js';
import { api, depositedEthAccount, print } from '../setup.js';

const account = await depositedEthAccount('2');

// ACCOUNT_BALANCE_LIMIT reports accounts (Account[]), TRANSACTION_HISTORY_REPORT transactions of the
// last `interval` hours (Transaction[]); 1 credit more per 50 records.
const balances = await api
  .notificationSubscriptions()
  .createSubscription({ type: 'ACCOUNT_BALANCE_LIMIT', attr: { limit: '1.5', typeOfBalance: 'available' } });
const accounts = (await api.notificationSubscriptions().getSubscriptionReport(balances.id)) as Account[];
print(
  'Above 1.5',
  accounts.find((a) => a.id === account.id),
);

const history = await api
  .notificationSubscriptions()
  .createSubscription({ type: 'TRANSACTION_HISTORY_REPORT', attr: { interval: 1 } });
print(
  'Transactions of the last hour',
  (await api.notificationSubscriptions().getSubscriptionReport(history.id)).length,
);
