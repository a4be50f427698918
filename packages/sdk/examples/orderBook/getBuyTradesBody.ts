// getBuyTradesBody(): POST /v3/trade/buy
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/orderBook/getBuyTradesBody.ts

import { api, newMarket, print } from '../setup.js';

const { pair, buyer } = await newMarket();
await api.orderBook().createTrade({ type: 'BUY', price: '19', amount: '3', pair, ...buyer.accounts });
await api.orderBook().createTrade({ type: 'BUY', price: '18', amount: '4', pair, ...buyer.accounts });

// Open BUY trades, oldest first unless sorted; id matches either account of a trade.
print('Bids, best first', await api.orderBook().getBuyTradesBody({ pageSize: 10, pair, sort: 'PRICE_DESC' }));
print(
  'At 19 or more',
  await api.orderBook().getBuyTradesBody({ count: true, pair, price: [{ op: 'gte', value: '19' }] }),
);
