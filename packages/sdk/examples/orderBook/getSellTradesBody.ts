// getSellTradesBody(): POST /v3/trade/sell
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/orderBook/getSellTradesBody.ts

import { api, newMarket, print } from '../setup.js';

const { pair, seller } = await newMarket();
await api.orderBook().createTrade({ type: 'SELL', price: '22', amount: '3', pair, ...seller.accounts });
await api.orderBook().createTrade({ type: 'SELL', price: '21', amount: '4', pair, ...seller.accounts });

// Open SELL trades, oldest first unless sorted; customerId matches the customer of either account.
print('Asks, best first', await api.orderBook().getSellTradesBody({ pageSize: 10, pair, sort: ['PRICE_ASC'] }));
print("The seller's", await api.orderBook().getSellTradesBody({ count: true, customerId: seller.customerId }));
