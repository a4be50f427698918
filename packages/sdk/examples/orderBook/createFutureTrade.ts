// createFutureTrade(): POST /v3/trade
//   LEDGER_API_KEY=test_… npx tsx packages/sdk/examples/orderBook/createFutureTrade.ts

import { LedgerRefusalError } from '../../src/index.js';
import { api, newMarket, print } from '../setup.js';

const { pair, buyer } = await newMarket();

// This server refuses futures (docs/decisions/0035-future-trades-refused.md): the call throws.
try {
  await api.orderBook().createFutureTrade({
    type: 'FUTURE_BUY',
    price: '20',
    amount: '1',
    pair,
    ...buyer.accounts,
    attr: { sealDate: Date.now() + 86_400_000, percentBlock: 10, percentPenalty: 5 },
  });
} catch (error) {
  if (!(error instanceof LedgerRefusalError)) throw error;
  print('Refused', { statusCode: error.statusCode, errorCode: error.errorCode, message: error.message });
}
