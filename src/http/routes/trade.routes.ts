import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ActiveBuyBody,
  ActiveSellBody,
  BuyTradesQuery,
  ChartPoint,
  ChartQuery,
  ChartRequest,
  CreateTrade,
  FoundTrades,
  HistoryBody,
  HistoryQuery,
  MatchedBody,
  SellTradesQuery,
  Trade,
  TradeCreated,
  TradeIdParams,
  type TradeFilter,
} from '../../contract/trade.schema.js';
import {
  activeBuyTrades,
  activeSellTrades,
  cancelAccountTrades,
  cancelTrade,
  chart,
  chartPointCount,
  createTrade,
  getTrade,
  historicalTrades,
  matchedTrades,
  MAX_CHART_POINTS,
} from '../../domain/trades/trade.service.js';
import { AccountId } from '../../contract/account.schema.js';
import { refusals, type RouteDeps } from './route-deps.js';

const tags = ['Order Book'];

/** A 400 validation.failed as Fastify's own validation reports one broken rule of the body. */
function invalidBody(error: { instancePath: string; keyword: string; params: object; message: string }): Error {
  return Object.assign(new Error(error.message), {
    validation: [{ schemaPath: '', ...error }],
    validationContext: 'body',
  });
}

/** A 400 for a property the body lacks, worded as for a property every body needs. */
function missing(property: string, unless: string): Error {
  return invalidBody({
    instancePath: '',
    keyword: 'required',
    params: { missingProperty: property },
    message: `must have required property '${property}' ${unless}`,
  });
}

/** A list needs a page size unless it only counts (Tatum: "Either count or pageSize is accepted"). */
function pageOrCount<T extends TradeFilter>(filter: T): T {
  if (filter.pageSize === undefined && !filter.count) {
    throw missing('pageSize', 'unless count is true');
  }
  return filter;
}

/** tatum 1.x builds its URLs by hand and sends `id=undefined` when it has no account (docs/compatibility/tatum-1.md). */
function givenId(id: string | undefined): string | undefined {
  return id === 'undefined' || id === '' ? undefined : id;
}

/**
 * The order book (docs/decisions/0033-order-matching.md to 0037-open-trades-block-deactivation.md):
 * BUY and SELL limit trades between accounts of one ledger, matched when stored and settled as
 * EXCHANGE transactions.
 */
export const tradeRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger: { db } }) => {
  app.post(
    '/v3/trade',
    {
      config: {
        credits: 2,
        creditsFormula: '2 + 2 per fill of a counter-trade',
        refusals: [
          'tradeTypeUnsupported',
          'amountFormat',
          'tradeCurrency1AccountNotExists',
          'tradeCurrency2AccountNotExists',
          'tradeFeeAccount',
          'tradeCurrency1Pair',
          'tradeCurrency2Pair',
          'tradeCurrencyFee',
          'tradeCurrency1AccountFrozen',
          'tradeCurrency2AccountFrozen',
          'tradeCurrency1AccountCustomerDisabled',
          'tradeCurrency2AccountCustomerDisabled',
          'tradeCurrency1Balance',
          'tradeCurrency2Balance',
        ],
      },
      schema: {
        operationId: 'storeTrade',
        tags,
        summary: 'Store buy / sell trade',
        description:
          'Stores a BUY or SELL limit trade and fills it at once against the resting trades that cross it, best price first, then oldest, at the resting trade’s price; a partial fill leaves the rest in the book. What the trade may pay (amount for a SELL, amount × price for a BUY, plus the fee) is held by one TRADE blockage whose description is the trade id; each fill writes two EXCHANGE transactions and, per side with a fee, one fee transfer to feeAccountId. FUTURE_BUY and FUTURE_SELL are refused with 403 trade.type.unsupported.',
        body: CreateTrade,
        response: { 200: TradeCreated, ...refusals },
      },
    },
    async (request) => {
      // A fee is paid to a fee account: without one it would go nowhere (tatum 1.x checks it too).
      if (request.body.fee !== undefined && request.body.fee > 0 && request.body.feeAccountId === undefined) {
        throw missing('feeAccountId', 'when fee is above 0');
      }
      const { id, fills } = await createTrade(db, request.caller, request.body);
      request.credits = 2 + 2 * fills;
      return { id };
    },
  );

  app.post(
    '/v3/trade/chart',
    {
      config: { credits: 2 },
      schema: {
        operationId: 'chartRequest',
        tags,
        summary: 'Obtain chart data from historical closed trades',
        description: `One point per time frame of the interval (both ends included) that holds fills of the pair: the first, highest, lowest and last execution price, and the amount filled in currency 1. Frames without a fill are left out. An interval of more than ${MAX_CHART_POINTS} frames is refused with 400.`,
        body: ChartRequest,
        querystring: ChartQuery,
        response: { 200: Type.Array(ChartPoint), ...refusals },
      },
    },
    async (request) => {
      const { from, to, timeFrame } = request.body;
      if (chartPointCount(from, to, timeFrame) > MAX_CHART_POINTS) {
        throw invalidBody({
          instancePath: '/timeFrame',
          keyword: 'maxPoints',
          params: { limit: MAX_CHART_POINTS },
          message: `must give at most ${MAX_CHART_POINTS} points between from and to`,
        });
      }
      return chart(db, request.caller, request.body, request.query.direction === 'desc');
    },
  );

  // Tatum's clients send this one with no body at all (docs/compatibility/php-sdk.md, api-client-2.md): a
  // first page of 50.
  app.post(
    '/v3/trade/history',
    {
      config: { credits: 1 },
      preValidation: async (request) => {
        request.body ??= { pageSize: 50 };
      },
      schema: {
        operationId: 'getHistoricalTradesBody',
        tags,
        summary: 'List all historical trades',
        description:
          'Closed (filled) trades, oldest first unless sorted; `id` matches either account of a trade. Cancelled trades are not history. An empty body lists the first 50. With count=true, only their number.',
        body: HistoryBody,
        response: { 200: FoundTrades, ...refusals },
      },
    },
    (request) => historicalTrades(db, request.caller, pageOrCount(request.body)),
  );

  app.get(
    '/v3/trade/history',
    {
      config: { credits: 1 },
      // The key repeated (types=BUY&types=SELL, as the api-client sends it) or the values comma-separated.
      preValidation: async (request) => {
        const query = request.query as { types?: string | string[] };
        if (query.types !== undefined) query.types = [query.types].flat().flatMap((types) => types.split(','));
      },
      schema: {
        operationId: 'getHistoricalTrades',
        tags,
        deprecated: true,
        summary: 'List all historical trades',
        description: 'The history as `POST /v3/trade/history` lists it, filtered by query parameters.',
        querystring: HistoryQuery,
        response: { 200: FoundTrades, ...refusals },
      },
    },
    (request) => historicalTrades(db, request.caller, { ...request.query, id: givenId(request.query.id) }),
  );

  for (const side of ['buy', 'sell'] as const) {
    const Side = side === 'buy' ? 'Buy' : 'Sell';
    const list = side === 'buy' ? activeBuyTrades : activeSellTrades;
    app.post(
      `/v3/trade/${side}`,
      {
        config: { credits: 1 },
        schema: {
          operationId: `get${Side}TradesBody`,
          tags,
          summary: `List all active ${side} trades`,
          description: `Open ${side.toUpperCase()} trades, oldest first unless sorted; \`id\` matches either account of a trade. With count=true, only their number.`,
          body: side === 'buy' ? ActiveBuyBody : ActiveSellBody,
          response: { 200: FoundTrades, ...refusals },
        },
      },
      (request) => {
        const filter = pageOrCount(request.body as TradeFilter & { tradeType?: string });
        return list(db, request.caller, filter, filter.tradeType);
      },
    );
    app.get(
      `/v3/trade/${side}`,
      {
        config: { credits: 1 },
        schema: {
          operationId: `get${Side}Trades`,
          tags,
          deprecated: true,
          summary: `List all active ${side} trades`,
          description: `The open ${side.toUpperCase()} trades as \`POST /v3/trade/${side}\` lists them, filtered by query parameters.`,
          querystring: side === 'buy' ? BuyTradesQuery : SellTradesQuery,
          response: { 200: FoundTrades, ...refusals },
        },
      },
      (request) =>
        list(db, request.caller, { ...request.query, id: givenId(request.query.id) }, request.query.tradeType),
    );
  }

  app.post(
    '/v3/trade/matched',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'getMatchedTrades',
        tags,
        summary: 'List all matched orders from FUTURE_SELL/FUTURE_BUY trades',
        description: 'Always empty (0 with count=true): future trades are refused, so none is ever matched.',
        body: MatchedBody,
        response: { 200: FoundTrades, ...refusals },
      },
    },
    (request) => matchedTrades(pageOrCount(request.body)),
  );

  app.get(
    '/v3/trade/:id',
    {
      config: { credits: 1, refusals: ['tradeNotExists'] },
      schema: {
        operationId: 'getTradeById',
        tags,
        summary: 'Get existing trade',
        description:
          'An open or closed trade; a closed one says with isMaker whether its last fill found it resting. Unknown or cancelled: 403 trade.not.exists.',
        params: TradeIdParams,
        response: { 200: Trade, ...refusals },
      },
    },
    (request) => getTrade(db, request.caller, request.params.id),
  );

  app.delete(
    '/v3/trade/:id',
    {
      config: { credits: 1, refusals: ['tradeNotExists'] },
      schema: {
        operationId: 'deleteTrade',
        tags,
        summary: 'Cancel existing trade',
        description:
          'Cancels an open trade and deletes its blockage. Unknown, closed or cancelled: 403 trade.not.exists.',
        params: TradeIdParams,
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      await cancelTrade(db, request.caller, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/v3/trade/account/:id',
    {
      config: { credits: 1, creditsFormula: '1 + 1 per cancelled trade', refusals: ['accountNotExists'] },
      schema: {
        operationId: 'deleteAccountTrades',
        tags,
        summary: 'Cancel all existing trades for account',
        description:
          'Cancels every open trade on the account (as either of a trade’s two accounts) and deletes their blockages.',
        params: Type.Object({ id: AccountId }),
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      const cancelled = await cancelAccountTrades(db, request.caller, request.params.id);
      request.credits = 1 + cancelled;
      return reply.code(204).send(null);
    },
  );
};
