import assert from 'node:assert/strict';
import { createAccountIn, createVirtualCurrency, externalId, pay } from './ledger-fixtures.js';
import type { LedgerClient, Reply } from './test-app.js';

// Markets and traders for the order book's tests (docs/decisions/0033-order-matching.md).

export const refusal = (errorCode: string, message: string) => ({ statusCode: 403, errorCode, message });
export const TRADE_NOT_EXISTS = refusal('trade.not.exists', 'No such trade.');

export interface Currency {
  name: string;
  issuerId: string;
}

/** Two new virtual currencies and their pair `C1/C2`. */
export interface Market {
  c1: Currency;
  c2: Currency;
  pair: string;
}

export async function createMarket(api: LedgerClient, supply = '1000000'): Promise<Market> {
  const c1 = await createVirtualCurrency(api, supply);
  const c2 = await createVirtualCurrency(api, supply);
  return { c1, c2, pair: `${c1.name}/${c2.name}` };
}

/** A customer with one account in each currency of a market, funded from the issuers. */
export interface Trader {
  customerId: string;
  externalId: string;
  /** The account in currency 1. */
  a1: string;
  /** The account in currency 2. */
  a2: string;
}

export async function createTrader(
  api: LedgerClient,
  market: Market,
  funds: { c1?: string; c2?: string } = {},
): Promise<Trader> {
  const ext = externalId('trader');
  const one = await createAccountIn(api, market.c1.name, { externalId: ext });
  const two = await createAccountIn(api, market.c2.name, { externalId: ext });
  assert.equal(one.customerId, two.customerId);
  if (funds.c1) await funded(api, market.c1.issuerId, one.accountId, funds.c1);
  if (funds.c2) await funded(api, market.c2.issuerId, two.accountId, funds.c2);
  return { customerId: one.customerId, externalId: ext, a1: one.accountId, a2: two.accountId };
}

export async function funded(api: LedgerClient, from: string, to: string, amount: string): Promise<void> {
  const reply = await pay(api, from, to, amount);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
}

/** The body of a trade by `trader` on `market`. */
export function tradeOf(
  market: Market,
  trader: Trader,
  type: 'BUY' | 'SELL',
  price: string,
  amount: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type,
    price,
    amount,
    pair: market.pair,
    currency1AccountId: trader.a1,
    currency2AccountId: trader.a2,
    ...extra,
  };
}

/** Stores a trade that must be accepted; returns its id. */
export async function storeTrade(api: LedgerClient, body: Record<string, unknown>): Promise<string> {
  const reply = await api.post('/v3/trade', body);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  assert.deepEqual(Object.keys(reply.body), ['id']);
  return reply.body.id as string;
}

/** A trade as GET /v3/trade/{id} answers it (200 asserted). */
export async function tradeById(api: LedgerClient, id: string): Promise<any> {
  const reply = await api.get(`/v3/trade/${id}`);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body;
}

/** An account's blockages, as the blockage API lists them. */
export async function blockagesOf(api: LedgerClient, accountId: string): Promise<any[]> {
  const reply = await api.get(`/v3/ledger/account/block/${accountId}?pageSize=50`);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body;
}

export function assertReply(reply: Reply, status: number, body?: unknown, what?: string): void {
  assert.equal(reply.status, status, `${what ?? ''} ${JSON.stringify(reply.body)}`);
  if (body !== undefined) assert.deepEqual(reply.body, body, what);
}
