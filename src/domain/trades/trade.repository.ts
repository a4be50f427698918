import type { ChartPoint, TimeFrame, Trade, TradeFilter, TradeSort } from '../../contract/trade.schema.js';
import type { Queryable } from '../../storage/database.js';

// The order book's reads (docs/decisions/0036-trade-lookups-and-history.md): trades by id, the active
// lists and the history with Tatum's filters and sorts, and the chart drawn from the fills.

interface TradeRow {
  id: string;
  type: 'BUY' | 'SELL';
  price: string;
  amount: string;
  pair: string;
  fill: string;
  status: string;
  is_maker: boolean | null;
  fee_account_id: string | null;
  fee: string | null;
  currency1_account_id: string;
  currency2_account_id: string;
  created: number;
}

const SELECT_TRADE = `
  SELECT id, type, trim_scale(price)::text AS price, trim_scale(amount)::text AS amount, pair,
         trim_scale(fill)::text AS fill, status, is_maker, fee_account_id, trim_scale(fee)::text AS fee,
         currency1_account_id, currency2_account_id, floor(extract(epoch FROM created_at) * 1000)::float8 AS created
    FROM trades`;

function rowToTrade(row: TradeRow): Trade {
  return {
    id: row.id,
    type: row.type,
    price: row.price,
    amount: row.amount,
    pair: row.pair,
    // Tatum shows it on closed trades only (docs/decisions/0036-trade-lookups-and-history.md).
    ...(row.status === 'CLOSED' ? { isMaker: row.is_maker ?? false } : {}),
    fill: row.fill,
    feeAccountId: row.fee_account_id,
    // A percentage, not money: Tatum's `fee` is a JSON number.
    fee: row.fee === null ? null : Number(row.fee),
    currency1AccountId: row.currency1_account_id,
    currency2AccountId: row.currency2_account_id,
    created: row.created,
  };
}

/** An open or closed trade of the ledger: a cancelled one is gone for its readers. */
export async function findTrade(db: Queryable, ledgerId: string, id: string): Promise<Trade | undefined> {
  const rows = await db.query<TradeRow>(`${SELECT_TRADE} WHERE ledger_id = $1 AND id = $2 AND status <> 'CANCELLED'`, [
    ledgerId,
    id,
  ]);
  return rows[0] && rowToTrade(rows[0]);
}

const OPS: Record<string, string> = { gte: '>=', lte: '<=', gt: '>', lt: '<', eq: '=', neq: '<>' };

// On the table's columns: the SELECT's text columns of the same names would sort as text.
const SORT_SQL: Record<TradeSort, string> = {
  PRICE_ASC: 't.price ASC',
  PRICE_DESC: 't.price DESC',
  CREATED_ASC: 't.seq ASC',
  CREATED_DESC: 't.seq DESC',
  AMOUNT_ASC: 't.amount ASC',
  AMOUNT_DESC: 't.amount DESC',
  FILL_ASC: 't.fill ASC',
  FILL_DESC: 't.fill DESC',
  FEE_ASC: 't.fee ASC NULLS FIRST',
  FEE_DESC: 't.fee DESC NULLS LAST',
};

/** Which trades a list shows: open ones of one side, or closed ones. */
export interface TradeList {
  status: 'OPEN' | 'CLOSED';
  types: readonly string[];
}

/** The WHERE clause of a list or count: every filter ANDed, every value a parameter. */
function whereOf(ledgerId: string, list: TradeList, filter: TradeFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [ledgerId, list.status, list.types];
  const where = ['t.ledger_id = $1', 't.status = $2', 't.type = ANY($3::text[])'];
  const add = (condition: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (filter.id !== undefined)
    add((p) => `(t.currency1_account_id = ${p} OR t.currency2_account_id = ${p})`, filter.id);
  if (filter.customerId !== undefined)
    add(
      (p) => `EXISTS (SELECT 1 FROM accounts a WHERE a.id IN (t.currency1_account_id, t.currency2_account_id)
                 AND a.customer_id = ${p})`,
      filter.customerId,
    );
  if (filter.pair !== undefined) add((p) => `t.pair = ${p}`, filter.pair);
  for (const [field, column] of [
    ['amount', 't.amount'],
    ['fill', 't.fill'],
    ['price', 't.price'],
    ['created', 'floor(extract(epoch FROM t.created_at) * 1000)'],
  ] as const) {
    for (const condition of filter[field] ?? [])
      add((p) => `${column} ${OPS[condition.op]} ${p}::numeric`, condition.value);
  }
  return { sql: where.join(' AND '), params };
}

export async function listTrades(
  db: Queryable,
  ledgerId: string,
  list: TradeList,
  filter: TradeFilter,
): Promise<Trade[]> {
  const { sql, params } = whereOf(ledgerId, list, filter);
  const sorts = filter.sort === undefined ? [] : Array.isArray(filter.sort) ? filter.sort : [filter.sort];
  // Oldest first once the sorts asked for are exhausted: a stable order between pages.
  const order = [...new Set(sorts)].map((sort) => SORT_SQL[sort]).concat('t.seq ASC');
  const rows = await db.query<TradeRow>(
    `${SELECT_TRADE} t WHERE ${sql} ORDER BY ${order.join(', ')}
      LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, filter.pageSize ?? 50, filter.offset ?? 0],
  );
  return rows.map(rowToTrade);
}

export async function countTrades(
  db: Queryable,
  ledgerId: string,
  list: TradeList,
  filter: TradeFilter,
): Promise<number> {
  const { sql, params } = whereOf(ledgerId, list, filter);
  const [row] = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM trades t WHERE ${sql}`, params);
  return row!.total;
}

/** Fixed time frames in milliseconds; the calendar ones are cut where the UTC calendar cuts them. */
export const FRAME_MS: Partial<Record<TimeFrame, number>> = {
  MIN_1: 60_000,
  MIN_3: 180_000,
  MIN_5: 300_000,
  MIN_15: 900_000,
  MIN_30: 1_800_000,
  HOUR_1: 3_600_000,
  HOUR_4: 14_400_000,
  HOUR_12: 43_200_000,
  DAY: 86_400_000,
};
const CALENDAR: Partial<Record<TimeFrame, string>> = { WEEK: 'week', MONTH: 'month', YEAR: 'year' };

interface ChartRow {
  timestamp: number;
  high: string;
  low: string;
  open: string;
  close: string;
  volume: string;
}

/**
 * The chart of a pair between `from` and `to` (UTC ms, both included, `to` to its last microsecond): per
 * time frame that holds fills,
 * the first, highest, lowest and last execution price and the amount filled. Frames without a fill are
 * left out.
 */
export async function chartPoints(
  db: Queryable,
  ledgerId: string,
  pair: string,
  from: number,
  to: number,
  frame: TimeFrame,
  descending: boolean,
): Promise<ChartPoint[]> {
  const ms = `floor(extract(epoch FROM f.created_at) * 1000)`;
  const bucket =
    CALENDAR[frame] !== undefined
      ? `floor(extract(epoch FROM date_trunc('${CALENDAR[frame]}', f.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') * 1000)`
      : `floor(${ms} / ${FRAME_MS[frame]}) * ${FRAME_MS[frame]}`;
  const rows = await db.query<ChartRow>(
    `SELECT b.timestamp::float8 AS timestamp, trim_scale(max(b.price))::text AS high, trim_scale(min(b.price))::text AS low,
            trim_scale((array_agg(b.price ORDER BY b.seq))[1])::text AS open,
            trim_scale((array_agg(b.price ORDER BY b.seq DESC))[1])::text AS close,
            trim_scale(sum(b.amount))::text AS volume
       FROM (SELECT ${bucket} AS timestamp, f.price, f.amount, f.seq
               FROM trade_fills f
              WHERE f.ledger_id = $1 AND f.pair = $2
                AND f.created_at >= to_timestamp($3::float8 / 1000) AND f.created_at < to_timestamp(($4::float8 + 1) / 1000)) b
      GROUP BY b.timestamp
      ORDER BY b.timestamp ${descending ? 'DESC' : 'ASC'}`,
    [ledgerId, pair, from, to],
  );
  return rows;
}
