// getTradeById(): GET /v3/trade/{id}
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/orderBook/getTradeById.ts

import { api, newMarket, print } from '../setup.js';

const { pair, seller } = await newMarket();
const { id } = await api.orderBook().createTrade({ type: 'SELL', price: '20', amount: '10', pair, ...seller.accounts });

// An open or closed trade; a cancelled one is refused with 403 trade.not.exists.
print('Trade', await api.orderBook().getTradeById(id));
