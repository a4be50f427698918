import type { Queryable } from '../src/storage/database.js';

// Who is who in the seeded ledger, by customer position (1..customers, in creation order). Every
// customer has one funded account; the operations that change a customer's or an account's state get
// customers of their own, so that nothing one operation does can refuse another's requests (a payment
// from a customer that disable/enable left disabled, or from an account a freeze left frozen, say).
// Each such operation gets two sets, one for its warm-up and one for its measurement, because a
// warm-up cut off between a disable and its enable would leave the customer disabled and the
// measurement's first disable refused. Traders, for the order book, hold an account in each of the
// pairs' currencies besides their funded one.

export const CURRENCY = 'VC_BENCH';
/** What each account is funded with, and the hot sender's far larger balance: neither runs dry. */
export const FUNDED_BALANCE = 1000;
export const HOT_BALANCE = 100_000_000;
/** The accounts of a "heavy" customer, for disable/enable with 1,000 accounts. */
export const HEAVY_ACCOUNTS = 1000;
const SAMPLE_SIZE = 10_000;
/** Customers who trade on the order book (bench/order-book.ts). */
export const TRADERS = 256;
/**
 * The order book's pairs: currency 1 of each is a virtual currency of its own, funded as VC_BENCH is
 * on every trader's account in it; currency 2 is VC_BENCH, on the trader's funded account.
 */
export const PAIR_CURRENCIES = Array.from({ length: 10 }, (_, i) => `VC_BENCH_P${i}`);

export interface Layout {
  customers: number;
  /** Positions of customers with HEAVY_ACCOUNTS accounts: [warm-up set, measured set]. */
  heavy: [first: number, last: number][];
  /** Positions of customers with one account, for disable/enable: [warm-up set, measured set]. */
  light: [first: number, last: number][];
  /** Positions of customers whose one account is frozen and unfrozen: [warm-up set, measured set]. */
  frozen: [first: number, last: number][];
  /** The position of the customer whose account sends every hot payment. */
  hot: number;
  /** Positions of the customers who trade. */
  traders: [first: number, last: number];
  /** Positions from here on are ordinary customers, used for payments. */
  firstOrdinary: number;
}

export function layoutFor(customers: number, connections: number): Layout {
  const set = (n: number): [number, number] => [n * connections + 1, (n + 1) * connections];
  const hot = 6 * connections + 1;
  const firstOrdinary = hot + TRADERS + 1;
  if (customers < firstOrdinary + 2 * connections) {
    throw new Error(`--customers must be at least ${firstOrdinary + 2 * connections} with ${connections} connections`);
  }
  return {
    customers,
    heavy: [set(0), set(1)],
    light: [set(2), set(3)],
    frozen: [set(4), set(5)],
    hot,
    traders: [hot + 1, hot + TRADERS],
    firstOrdinary,
  };
}

export interface CustomerRef {
  id: string;
  externalId: string;
}

/** Ids the load generator picks from: found in the seeded data, never guessed. */
export interface Samples {
  /** Random customers from the whole ledger. */
  customers: CustomerRef[];
  /** The funded accounts of random ordinary customers: senders and recipients of cold payments. */
  accounts: string[];
  /** The externalIds of those accounts' customers, which are active and enabled for the whole run. */
  ordinaryCustomers: string[];
  hotAccount: string;
  /** Each trader's VC_BENCH account (currency 2 of every pair) and its account in each PAIR_CURRENCIES. */
  traders: Trader[];
  heavy: string[][];
  light: string[][];
  /** The funded account of each customer of `frozen`, per set. */
  frozen: string[][];
  /** A customer as the API answers it, for the HTTP ceiling to return from memory. */
  customerJson: Record<string, unknown>;
}

export interface Trader {
  quote: string;
  /** By the index of the pair's currency 1 in PAIR_CURRENCIES. */
  base: string[];
}

/** The traders' accounts, read by currency: VC_BENCH and each of PAIR_CURRENCIES. */
async function traderAccounts(db: Queryable, ledgerId: string, [first, last]: [number, number]): Promise<Trader[]> {
  const rows = await db.query<{ position: string; id: string; currency: string }>(
    `SELECT c.position::text AS position, a.id, a.currency FROM customers c JOIN accounts a ON a.customer_id = c.id
      WHERE c.ledger_id = $1 AND c.position BETWEEN $2 AND $3 ORDER BY c.position`,
    [ledgerId, first, last],
  );
  const traders = new Map<string, Trader>();
  for (const row of rows) {
    const trader = traders.get(row.position) ?? { quote: '', base: [] };
    if (row.currency === CURRENCY) trader.quote = row.id;
    else trader.base[PAIR_CURRENCIES.indexOf(row.currency)] = row.id;
    traders.set(row.position, trader);
  }
  return [...traders.values()];
}

function randomPositions(first: number, last: number, count: number): number[] {
  const span = last - first + 1;
  if (span <= count) return Array.from({ length: span }, (_, i) => first + i);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(first + Math.floor(Math.random() * span));
  return [...picked];
}

async function customerIds(db: Queryable, ledgerId: string, [first, last]: [number, number]): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    'SELECT id FROM customers WHERE ledger_id = $1 AND position BETWEEN $2 AND $3 ORDER BY position',
    [ledgerId, first, last],
  );
  return rows.map((r) => r.id);
}

export async function sampleLedger(db: Queryable, ledgerId: string, layout: Layout): Promise<Samples> {
  const customers = await db.query<{ id: string; external_id: string }>(
    'SELECT id, external_id FROM customers WHERE ledger_id = $1 AND position = ANY($2::bigint[])',
    [ledgerId, randomPositions(1, layout.customers, SAMPLE_SIZE)],
  );
  const accountOf = (positions: number[]) =>
    db.query<{ id: string; external_id: string }>(
      `SELECT a.id, c.external_id FROM customers c JOIN accounts a ON a.customer_id = c.id
        WHERE c.ledger_id = $1 AND c.position = ANY($2::bigint[]) ORDER BY c.position`,
      [ledgerId, positions],
    );
  const positionsOf = ([first, last]: [number, number]) =>
    Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const accounts = await accountOf(randomPositions(layout.firstOrdinary, layout.customers, SAMPLE_SIZE));
  const [hot] = await accountOf([layout.hot]);
  const [first] = await db.query<Record<string, unknown>>(
    `SELECT external_id AS "externalId", id, enabled, active, accounting_currency AS "accountingCurrency",
            customer_country AS "customerCountry", provider_country AS "providerCountry"
       FROM customers WHERE ledger_id = $1 AND id = $2`,
    [ledgerId, customers[0]!.id],
  );
  return {
    customers: customers.map((r) => ({ id: r.id, externalId: r.external_id })),
    accounts: accounts.map((r) => r.id),
    ordinaryCustomers: accounts.map((r) => r.external_id),
    hotAccount: hot!.id,
    traders: await traderAccounts(db, ledgerId, layout.traders),
    heavy: await Promise.all(layout.heavy.map((range) => customerIds(db, ledgerId, range))),
    light: await Promise.all(layout.light.map((range) => customerIds(db, ledgerId, range))),
    frozen: await Promise.all(
      layout.frozen.map(async (range) => (await accountOf(positionsOf(range))).map((r) => r.id)),
    ),
    customerJson: first!,
  };
}
