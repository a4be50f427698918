import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EntitiesCount } from '../../contract/account.schema.js';
import { Deposit, DepositQuery, ReportDeposit } from '../../contract/deposit.schema.js';
import { getDeposits, getDepositsCount, reportDepositOf } from '../../domain/deposits/deposit.service.js';
import { refusals, type RouteDeps } from './route-deps.js';

const tags = ['Deposit'];

/** Deposits, and the extension through which the operator's chain watcher reports them (docs/decisions/0027-deposit-reports.md). */
export const depositRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger: { db } }) => {
  app.post(
    '/v3/ledger/deposits',
    {
      config: {
        credits: 2,
        refusals: [
          'amountFormat',
          'depositAmountFormat',
          'addressNotFound',
          'accountNotExists',
          'offchainNotSupported',
        ],
      },
      schema: {
        operationId: 'reportDeposit',
        tags,
        summary: 'Report a deposit (extension)',
        description:
          'This server’s extension; Tatum’s API has no such operation. For the operator’s chain watcher: records a deposit to an address an account holds (or to an account), InProgress, then Done or Failed. Done credits the account once, with one DEPOSIT record; the same report again answers the same deposit, and a deposit Done or Failed no longer changes.',
        body: ReportDeposit,
        response: { 200: Deposit, ...refusals },
      },
    },
    (request) => reportDepositOf(db, request.caller, request.body),
  );

  app.get(
    '/v3/ledger/deposits',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'getDeposits',
        tags,
        summary: 'List deposits',
        description: 'The ledger’s deposits, in the order they were first reported.',
        querystring: DepositQuery,
        response: { 200: Type.Array(Deposit), ...refusals },
      },
    },
    (request) => getDeposits(db, request.caller, request.query),
  );

  app.get(
    '/v3/ledger/deposits/count',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'getDepositsCount',
        tags,
        summary: 'Count deposits',
        description: 'How many deposits the same filters find, regardless of the page.',
        querystring: DepositQuery,
        response: { 200: EntitiesCount, ...refusals },
      },
    },
    (request) => getDepositsCount(db, request.caller, request.query),
  );
};
