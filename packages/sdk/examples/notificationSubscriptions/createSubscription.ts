// createSubscription(): POST /v3/subscription
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/notificationSubscriptions/createSubscription.ts
// One method for every type; Tatum's PHP SDK has one per type (createSubscriptionIncoming, …).

import { LedgerRefusalError } from '../../src/index.js';
import { api, print, unique, webhookUrl } from '../setup.js';

const account = await api.account().createAccount({ currency: 'BTC', customer: { externalId: unique('customer') } });

// A webhook to webhookUrl each time a deposit to the account is credited.
print(
  'Incoming',
  await api
    .notificationSubscriptions()
    .createSubscription({ type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', attr: { id: account.id, url: webhookUrl } }),
);
// A report, pulled with getSubscriptionReport: accounts holding more than 1.5.
print(
  'Balance limit',
  await api
    .notificationSubscriptions()
    .createSubscription({ type: 'ACCOUNT_BALANCE_LIMIT', attr: { limit: '1.5', typeOfBalance: 'account' } }),
);

// Types that need a chain or a KMS are refused.
try {
  await api.notificationSubscriptions().createSubscription({ type: 'KMS_FAILED_TX', attr: { url: webhookUrl } });
} catch (error) {
  if (!(error instanceof LedgerRefusalError)) throw error;
  print('Not served here', { errorCode: error.errorCode, message: error.message });
}
