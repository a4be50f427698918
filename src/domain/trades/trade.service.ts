import type { ErrorName } from '../../contract/errors.js';
import type { ChartPoint, ChartRequest, CreateTrade, Trade, TradeFilter } from '../../contract/trade.schema.js';
import type { Database } from '../../storage/database.js';
import { insideUnitOfWork } from '../../storage/ambient-transaction.js';
import { cancelTrades, storeTrade, type TradeAnswer, type TradeOrder } from '../balances/trades.repository.js';
import { newId } from '../ids.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { isZeroAmount } from '../transactions/amounts.js';
import { accountExists } from '../accounts/account.repository.js';
import { chartPoints, countTrades, findTrade, FRAME_MS, listTrades, type TradeList } from './trade.repository.js';

// The order book (docs/decisions/0033-order-matching.md to 0037-open-trades-block-deactivation.md).

/** At most this many points in one chart (Tatum's documented bound). */
export const MAX_CHART_POINTS = 200;

/** Serialization failures a trade is run again after, at most (and the first run). */
const MAX_TRADE_RUNS = 5;

/**
 * Runs the trade's one statement, and again when it fails with a serialization failure: it asks for
 * that when a counter-trade it chose changed while it waited for the locks (migration 013). Alone, the
 * statement is its own transaction and nothing of the failed run stays. In a unit of work
 * (Idempotency-Key) the failure aborts the unit's transaction, so it is not run again there: the
 * request fails and its retry with the same key runs afresh.
 */
async function storedOnce(db: Database, order: TradeOrder): Promise<TradeAnswer> {
  for (let run = 1; ; run++) {
    try {
      return await storeTrade(db, order);
    } catch (error) {
      const serialization = (error as { code?: unknown }).code === '40001';
      if (!serialization || run >= MAX_TRADE_RUNS || insideUnitOfWork()) throw error;
    }
  }
}

/**
 * Stores a BUY or SELL limit trade and fills it at once against the book, as far as it crosses; what is
 * left rests, blocked. Answers the trade's id and how many fills it made (each costs credits). Throws
 * tradeTypeUnsupported, amountFormat and the refusals of ledger_store_trade (migration 013).
 */
export async function createTrade(
  db: Database,
  scope: LedgerScope,
  request: CreateTrade,
): Promise<{ id: string; fills: number }> {
  const { type } = request;
  if (type !== 'BUY' && type !== 'SELL') throw new LedgerError('tradeTypeUnsupported', { type });
  if (isZeroAmount(request.amount) || isZeroAmount(request.price)) throw new LedgerError('amountFormat');
  const id = newId();
  const feeAccountId = request.feeAccountId ?? null;
  const answer = await storedOnce(db, {
    ledgerId: scope.ledgerId,
    id,
    blockageId: newId(),
    type,
    pair: request.pair,
    price: request.price,
    amount: request.amount,
    currency1AccountId: request.currency1AccountId,
    currency2AccountId: request.currency2AccountId,
    feeAccountId,
    fee: request.fee === undefined ? null : String(request.fee),
  });
  if (answer.refusal !== null) {
    throw new LedgerError(answer.refusal as ErrorName, {
      currency1AccountId: request.currency1AccountId,
      currency2AccountId: request.currency2AccountId,
      feeAccountId: feeAccountId ?? '',
      customerId: answer.detail ?? '',
    });
  }
  return { id, fills: answer.fills };
}

/** An open or closed trade. Throws tradeNotExists (unknown or cancelled). */
export async function getTrade(db: Database, scope: LedgerScope, id: string): Promise<Trade> {
  const trade = await findTrade(db, scope.ledgerId, id);
  if (!trade) throw new LedgerError('tradeNotExists');
  return trade;
}

/** Cancels an open trade and releases its blockage. Throws tradeNotExists. */
export async function cancelTrade(db: Database, scope: LedgerScope, id: string): Promise<void> {
  if ((await cancelTrades(db, scope.ledgerId, { tradeId: id })) === 0) throw new LedgerError('tradeNotExists');
}

/** Cancels every open trade on either account; answers how many. Throws accountNotExists. */
export async function cancelAccountTrades(db: Database, scope: LedgerScope, accountId: string): Promise<number> {
  if (!(await accountExists(db, scope.ledgerId, accountId))) throw new LedgerError('accountNotExists');
  return cancelTrades(db, scope.ledgerId, { accountId });
}

const ACTIVE_BUY: TradeList = { status: 'OPEN', types: ['BUY'] };
const ACTIVE_SELL: TradeList = { status: 'OPEN', types: ['SELL'] };

/** The filter a list route was given, as one list: a count, or a page. */
async function listed(
  db: Database,
  scope: LedgerScope,
  list: TradeList,
  filter: TradeFilter,
): Promise<Trade[] | number> {
  return filter.count ? countTrades(db, scope.ledgerId, list, filter) : listTrades(db, scope.ledgerId, list, filter);
}

/** Only the real types of a type filter: no future ever rests in this book (docs/decisions/0035-future-trades-refused.md). */
function typesOf(side: TradeList, asked: readonly string[] | undefined): TradeList {
  return asked === undefined ? side : { ...side, types: side.types.filter((type) => asked.includes(type)) };
}

export function activeBuyTrades(db: Database, scope: LedgerScope, filter: TradeFilter, tradeType?: string) {
  return listed(db, scope, typesOf(ACTIVE_BUY, tradeType === undefined ? undefined : [tradeType]), filter);
}

export function activeSellTrades(db: Database, scope: LedgerScope, filter: TradeFilter, tradeType?: string) {
  return listed(db, scope, typesOf(ACTIVE_SELL, tradeType === undefined ? undefined : [tradeType]), filter);
}

/** Closed (filled) trades; cancelled ones are not history. */
export function historicalTrades(db: Database, scope: LedgerScope, filter: TradeFilter) {
  return listed(db, scope, typesOf({ status: 'CLOSED', types: ['BUY', 'SELL'] }, filter.types), filter);
}

/** Matched futures: none, since futures are refused. */
export async function matchedTrades(filter: TradeFilter): Promise<Trade[] | number> {
  return filter.count ? 0 : [];
}

/** How many time frames of `frame` the interval touches. */
export function chartPointCount(from: number, to: number, frame: ChartRequest['timeFrame']): number {
  if (to < from) return 0;
  const fixed = FRAME_MS[frame];
  if (fixed !== undefined) return Math.floor(to / fixed) - Math.floor(from / fixed) + 1;
  const start = new Date(from);
  const end = new Date(to);
  const years = end.getUTCFullYear() - start.getUTCFullYear();
  if (frame === 'YEAR') return years + 1;
  if (frame === 'MONTH') return years * 12 + end.getUTCMonth() - start.getUTCMonth() + 1;
  // Weeks start on Monday, as PostgreSQL's date_trunc('week') cuts them; 1 January 1970 was a Thursday.
  const week = (ms: number) => Math.floor((Math.floor(ms / 86_400_000) + 3) / 7);
  return week(to) - week(from) + 1;
}

/** The chart of a pair's fills. The route has refused an interval of more than 200 points. */
export function chart(
  db: Database,
  scope: LedgerScope,
  request: ChartRequest,
  descending: boolean,
): Promise<ChartPoint[]> {
  return chartPoints(db, scope.ledgerId, request.pair, request.from, request.to, request.timeFrame, descending);
}
