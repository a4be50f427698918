// getMatchedTrades(): POST /v3/trade/matched
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/orderBook/getMatchedTrades.ts

import { api, print } from '../setup.js';

// Matched futures: none, since this server refuses futures.
print('Matched', await api.orderBook().getMatchedTrades({ pageSize: 10 }));
print('Count', await api.orderBook().getMatchedTrades({ count: true }));
