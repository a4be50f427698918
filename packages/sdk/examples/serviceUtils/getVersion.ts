// getVersion(): GET /v3/tatum/version
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/serviceUtils/getVersion.ts

import { api, print } from '../setup.js';

print('Version', await api.serviceUtils().getVersion());
