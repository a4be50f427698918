// createTrade(): POST /v3/trade
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/orderBook/createTrade.ts

import { api, newMarket, print } from '../setup.js';

const { pair, seller, buyer } = await newMarket();

// A SELL rests in the book: the 10 it may deliver are blocked on the seller's first-currency account.
const sell = await api.orderBook().createTrade({ type: 'SELL', price: '20', amount: '10', pair, ...seller.accounts });

// A BUY at 21 or less crosses it: 10 are filled at once at the resting price, 20; 2 stay in the book.
const buy = await api.orderBook().createTrade({ type: 'BUY', price: '21', amount: '12', pair, ...buyer.accounts });
print('Sell', await api.orderBook().getTradeById(sell.id));
print('Buy', await api.orderBook().getTradeById(buy.id));
print("Buyer's second currency", await api.account().getAccountBalance(buyer.accounts.currency2AccountId));
