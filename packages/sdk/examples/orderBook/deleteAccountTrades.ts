// deleteAccountTrades(): DELETE /v3/trade/account/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/orderBook/deleteAccountTrades.ts

import { api, newMarket, print } from '../setup.js';

const { pair, seller } = await newMarket();
await api.orderBook().createTrade({ type: 'SELL', price: '20', amount: '10', pair, ...seller.accounts });
await api.orderBook().createTrade({ type: 'SELL', price: '25', amount: '5', pair, ...seller.accounts });

// Every open trade on the account, as either of a trade's two accounts.
await api.orderBook().deleteAccountTrades(seller.accounts.currency1AccountId);
print('Open sells left', await api.orderBook().getSellTradesBody({ count: true, pair }));
print("Seller's first currency", await api.account().getAccountBalance(seller.accounts.currency1AccountId));
