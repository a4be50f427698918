// getHistoricalTradesBody(): POST /v3/trade/history
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/orderBook/getHistoricalTradesBody.ts

import { api, newMarket, print } from '../setup.js';

const { pair, seller, buyer } = await newMarket();
await api.orderBook().createTrade({ type: 'SELL', price: '20', amount: '10', pair, ...seller.accounts });
await api.orderBook().createTrade({ type: 'BUY', price: '20', amount: '10', pair, ...buyer.accounts });

// Closed (filled) trades; with count: true, only their number. Without a body, the first 50.
print(
  'This pair, highest price first',
  await api.orderBook().getHistoricalTradesBody({ pageSize: 10, pair, sort: ['PRICE_DESC'] }),
);
print(
  "The buyer's",
  await api.orderBook().getHistoricalTradesBody({ count: true, id: buyer.accounts.currency1AccountId }),
);
print('The first page of all', ((await api.orderBook().getHistoricalTradesBody()) as unknown[]).length);
