import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AccountBalance,
  AccountCountQuery,
  AccountId,
  AccountListQuery,
  Account,
  EntitiesCount,
} from '../../contract/account.schema.js';
import { getAccountBalance, getAccounts, getAccountsCount } from '../../domain/accounts/account-queries.service.js';
import { refusals, type RouteDeps } from './route-deps.js';

const tags = ['Account'];
const AccountParams = Type.Object({ id: AccountId });

/** The ledger-wide account list and count, and an account's balance. */
export const accountQueryRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger: { db } }) => {
  app.get(
    '/v3/ledger/account',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'getAccounts',
        tags,
        summary: 'List all accounts',
        description: 'Lists all accounts. Inactive accounts are also visible.',
        querystring: AccountListQuery,
        response: { 200: Type.Array(Account), ...refusals },
      },
    },
    (request) => getAccounts(db, request.caller, request.query),
  );

  app.get(
    '/v3/ledger/account/count',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'getAccountsCount',
        tags,
        summary: 'Count of found entities for get accounts request',
        description: 'Counts the accounts the same filters as the list would find.',
        querystring: AccountCountQuery,
        response: { 200: EntitiesCount, ...refusals },
      },
    },
    (request) => getAccountsCount(db, request.caller, request.query),
  );

  app.get(
    '/v3/ledger/account/:id/balance',
    {
      config: { credits: 1, refusals: ['accountNotExists'] },
      schema: {
        operationId: 'getAccountBalance',
        tags,
        summary: 'Get account balance',
        description:
          'The account balance and the available balance (balance less blockages; "0" while frozen or disabled).',
        params: AccountParams,
        response: { 200: AccountBalance, ...refusals },
      },
    },
    (request) => getAccountBalance(db, request.caller, request.params.id),
  );
};
