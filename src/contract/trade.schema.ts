import { Type, type Static } from 'typebox';
import { Nullable, Offset, PageSize } from './common.schema.js';
import { AccountId24, Amount } from './money.schema.js';

// The order book (Tatum's "Order Book"; docs/decisions/0033-order-matching.md to
// 0037-open-trades-block-deactivation.md).

/** tatum 1.x's pattern: Tatum's OpenAPI one has a typo that refuses most lowercase first currencies (0036). */
export const PAIR_PATTERN = '^[A-Za-z0-9_-]+/[A-Za-z0-9_-]+$';
const Pair = Type.String({
  minLength: 3,
  maxLength: 30,
  pattern: PAIR_PATTERN,
  description: 'Trading pair, e.g. BTC/EUR',
});

export const TRADE_TYPES = ['BUY', 'SELL'] as const;
export const FUTURE_TRADE_TYPES = ['FUTURE_BUY', 'FUTURE_SELL'] as const;
const AnyTradeType = Type.Enum([...TRADE_TYPES, ...FUTURE_TRADE_TYPES], { type: 'string' });

// One body for Tatum's CreateTrade and CreateFutureTrade: a future is refused with 403 once it is read.
export const CreateTrade = Type.Object({
  type: Type.Enum([...TRADE_TYPES, ...FUTURE_TRADE_TYPES], {
    type: 'string',
    description: 'BUY or SELL; FUTURE_BUY and FUTURE_SELL are refused with 403 trade.type.unsupported',
  }),
  price: { ...Amount, description: 'Price of 1 unit of currency 1, in currency 2' },
  amount: { ...Amount, description: 'Amount of currency 1 to buy or sell' },
  pair: Pair,
  currency1AccountId: { ...AccountId24, description: 'The trader’s account in currency 1' },
  currency2AccountId: { ...AccountId24, description: 'The trader’s account in currency 2' },
  feeAccountId: Type.Optional({
    ...AccountId24,
    description: 'Where the fee goes: in currency 2 for a BUY, in currency 1 for a SELL',
  }),
  fee: Type.Optional(
    Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'Percentage of the trader’s own side of each fill, paid on top of it; needs feeAccountId',
    }),
  ),
  // Read only to be refused (0035): percentBlock and percentPenalty are declared as Tatum names them, unbounded.
  attr: Type.Optional(
    Type.Object(
      {
        sealDate: Type.Number({ minimum: 0, description: 'Time in UTC when the future would be filled' }),
        percentBlock: Type.Optional(Type.Unknown({ description: 'Percentage of the future amount to block' })),
        percentPenalty: Type.Optional(Type.Unknown({ description: 'Percentage a party that fails to fill pays' })),
      },
      { additionalProperties: true, description: 'Futures only; futures are refused' },
    ),
  ),
});
export type CreateTrade = Static<typeof CreateTrade>;

export const TradeCreated = Type.Object({ id: Type.String() });

export const Trade = Type.Object({
  id: Type.String(),
  type: Type.Enum([...TRADE_TYPES], { type: 'string' }),
  price: Type.String(),
  amount: Type.String(),
  pair: Type.String(),
  isMaker: Type.Optional(Type.Boolean({ description: 'Closed trades only: whether its last fill found it resting' })),
  fill: Type.String({ description: 'How much of the amount is filled' }),
  feeAccountId: Nullable(Type.String({ minLength: 24, maxLength: 24, description: 'Where the fee goes, if any' })),
  fee: Nullable(Type.Number({ minimum: 0, maximum: 100, description: 'Fee percentage, if any' })),
  currency1AccountId: Type.String(),
  currency2AccountId: Type.String(),
  created: Type.Number({ description: 'UTC milliseconds' }),
});
export type Trade = Static<typeof Trade>;

const Condition = Type.Object({
  op: Type.Enum(['gte', 'lte', 'gt', 'lt', 'eq', 'neq'], { type: 'string' }),
  value: Type.String({ pattern: '^[+-]?((\\d+(\\.\\d*)?)|(\\.\\d+))$', maxLength: 38 }),
});
export type TradeCondition = Static<typeof Condition>;
const Conditions = (what: string) =>
  Type.Optional(Type.Array(Condition, { maxItems: 50, description: `${what}: every condition must hold` }));

export const TRADE_SORTS = [
  'PRICE_ASC',
  'PRICE_DESC',
  'CREATED_ASC',
  'CREATED_DESC',
  'AMOUNT_ASC',
  'AMOUNT_DESC',
  'FILL_ASC',
  'FILL_DESC',
  'FEE_ASC',
  'FEE_DESC',
] as const;
export type TradeSort = (typeof TRADE_SORTS)[number];
const Sort = Type.Enum([...TRADE_SORTS], { type: 'string' });

const listFields = {
  id: Type.Optional(Type.String({ maxLength: 50, description: 'An account: trades on either of their accounts' })),
  customerId: Type.Optional(Type.String({ maxLength: 50, description: 'Trades on an account of this customer' })),
  pageSize: Type.Optional({ ...PageSize, description: 'Required unless count is true; at most 50' }),
  offset: Type.Optional(Offset),
  pair: Type.Optional(Pair),
  count: Type.Optional(Type.Boolean({ description: 'Answer with the number of matching trades instead' })),
  amount: Conditions('Amount'),
  fill: Conditions('Fill'),
  price: Conditions('Price'),
  created: Conditions('Created, UTC milliseconds as a string'),
  // Tatum's OpenAPI gives this no array type; a single value is taken as a list of one.
  sort: Type.Optional(
    Type.Union([Type.Array(Sort, { maxItems: 10 }), Sort], {
      description: 'Sort keys in priority order; oldest first when none',
    }),
  ),
};

export const ActiveBuyBody = Type.Object({
  ...listFields,
  tradeType: Type.Optional(Type.Enum(['BUY', 'FUTURE_BUY'], { type: 'string' })),
});
export const ActiveSellBody = Type.Object({
  ...listFields,
  tradeType: Type.Optional(Type.Enum(['SELL', 'FUTURE_SELL'], { type: 'string' })),
});
export const HistoryBody = Type.Object({
  ...listFields,
  types: Type.Optional(Type.Array(AnyTradeType, { maxItems: 4 })),
});
export const MatchedBody = Type.Object({
  ...listFields,
  type: Type.Optional(Type.Enum([...FUTURE_TRADE_TYPES], { type: 'string' })),
});

/** What the lists narrow by, whatever route they came from. */
export interface TradeFilter {
  id?: string;
  customerId?: string;
  pageSize?: number;
  offset?: number;
  pair?: string;
  count?: boolean;
  amount?: TradeCondition[];
  fill?: TradeCondition[];
  price?: TradeCondition[];
  created?: TradeCondition[];
  sort?: TradeSort[] | TradeSort;
  types?: string[];
}

// The deprecated GETs tatum 1.x uses. It sends `id=undefined` when it has no account
// (docs/compatibility/tatum-1.md).
const getFields = {
  pageSize: PageSize,
  offset: Type.Optional(Offset),
  id: Type.Optional(Type.String({ maxLength: 50 })),
  pair: Type.Optional(Pair),
  count: Type.Optional(Type.Boolean()),
};
export const BuyTradesQuery = Type.Object({
  ...getFields,
  customerId: Type.Optional(Type.String({ maxLength: 50 })),
  tradeType: Type.Optional(Type.Enum(['BUY', 'FUTURE_BUY'], { type: 'string' })),
});
export const SellTradesQuery = Type.Object({
  ...getFields,
  customerId: Type.Optional(Type.String({ maxLength: 50 })),
  tradeType: Type.Optional(Type.Enum(['SELL', 'FUTURE_SELL'], { type: 'string' })),
});
export const HistoryQuery = Type.Object({
  ...getFields,
  types: Type.Optional(Type.Array(AnyTradeType, { maxItems: 4 })),
});

export const FoundTrades = Type.Union([Type.Array(Trade), Type.Integer()]);

export const TradeIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 50 }) });

export const TIME_FRAMES = [
  'MIN_1',
  'MIN_3',
  'MIN_5',
  'MIN_15',
  'MIN_30',
  'HOUR_1',
  'HOUR_4',
  'HOUR_12',
  'DAY',
  'WEEK',
  'MONTH',
  'YEAR',
] as const;
export type TimeFrame = (typeof TIME_FRAMES)[number];

// Bounded as the transaction filters' times are: past 2^53 ms PostgreSQL cannot hold the date.
const Millis = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

export const ChartRequest = Type.Object({
  pair: Pair,
  from: Millis('Start of the interval, UTC milliseconds'),
  to: Millis('End of the interval, UTC milliseconds'),
  timeFrame: Type.Enum([...TIME_FRAMES], { type: 'string' }),
});
export type ChartRequest = Static<typeof ChartRequest>;

export const ChartQuery = Type.Object({
  direction: Type.Optional(Type.Enum(['asc', 'desc'], { type: 'string', description: 'By timestamp; asc by default' })),
});

export const ChartPoint = Type.Object({
  timestamp: Type.Number({ description: 'Start of the interval, UTC milliseconds' }),
  high: Type.String(),
  low: Type.String(),
  open: Type.String(),
  close: Type.String(),
  volume: Type.String({ description: 'Sum of the fills’ amounts, in currency 1' }),
});
export type ChartPoint = Static<typeof ChartPoint>;
