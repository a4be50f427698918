// chartRequest(): POST /v3/trade/chart
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/orderBook/chartRequest.ts

import { api, newMarket, print } from '../setup.js';

const { pair, seller, buyer } = await newMarket();
await api.orderBook().createTrade({ type: 'SELL', price: '20', amount: '10', pair, ...seller.accounts });
await api.orderBook().createTrade({ type: 'SELL', price: '21', amount: '5', pair, ...seller.accounts });
await api.orderBook().createTrade({ type: 'BUY', price: '21', amount: '12', pair, ...buyer.accounts });

// One point per hour that holds fills: first, highest, lowest and last price, and the amount filled.
const now = Date.now();
const points = await api.orderBook().chartRequest({ pair, from: now - 86_400_000, to: now, timeFrame: 'HOUR_1' });
print('Last 24 hours', points);
