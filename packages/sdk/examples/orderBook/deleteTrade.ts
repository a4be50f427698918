// deleteTrade(): DELETE /v3/trade/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/orderBook/deleteTrade.ts

import { api, newMarket, print } from '../setup.js';

const { pair, buyer } = await newMarket();
const { id } = await api.orderBook().createTrade({ type: 'BUY', price: '20', amount: '10', pair, ...buyer.accounts });
print('While open', await api.account().getAccountBalance(buyer.accounts.currency2AccountId));

// Cancelling releases what the trade had blocked.
await api.orderBook().deleteTrade(id);
print('Cancelled', await api.account().getAccountBalance(buyer.accounts.currency2AccountId));
