// getCredits(): GET /v3/tatum/usage
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/serviceUtils/getCredits.ts

import { api, print } from '../setup.js';

// Credits per day over the last 30 days, oldest first.
const days = await api.serviceUtils().getCredits();
print('Today', days.at(-1));
print(
  'Last 30 days, total',
  days.reduce((sum, day) => sum + day.usage, 0),
);
