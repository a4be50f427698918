import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AccountBalance,
  AccountCountQuery,
  AccountId,
  AccountListQuery,
  Account,
  EntitiesCount,
  UpdateAccount,
} from '../../contract/account.schema.js';
import {
  freezeAccount,
  getAccountBalance,
  getAccounts,
  getAccountsCount,
  unfreezeAccount,
  updateAccountByAccountId,
} from '../../domain/accounts/account-admin.service.js';
import { registerBodylessActions } from './bodyless-actions.js';
import { refusals, type RouteDeps } from './route-deps.js';

const tags = ['Account'];
const AccountParams = Type.Object({ id: AccountId });

/** The ledger-wide account list and count, bookkeeping updates, the balance, freeze and unfreeze. */
export const accountAdminRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { db }) => {
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
    (request) => getAccounts(db, request.ledger, request.query),
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
    (request) => getAccountsCount(db, request.ledger, request.query),
  );

  app.put(
    '/v3/ledger/account/:id',
    {
      config: { credits: 2 },
      schema: {
        operationId: 'updateAccountByAccountId',
        tags,
        summary: 'Update account',
        description: 'Only the bookkeeping fields accountCode and accountNumber can be updated.',
        params: AccountParams,
        body: UpdateAccount,
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      await updateAccountByAccountId(db, request.ledger, request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v3/ledger/account/:id/balance',
    {
      config: { credits: 1 },
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
    (request) => getAccountBalance(db, request.ledger, request.params.id),
  );

  registerBodylessActions(
    app,
    db,
    { base: '/v3/ledger/account', resource: 'Account', tags, id: AccountId, credits: 2 },
    [
      {
        verb: 'freeze',
        run: freezeAccount,
        summary: 'Freeze account',
        description:
          'Disables all outgoing transactions; incoming ones still land. The available balance reads 0, and an ACCOUNT_FROZEN blockage is created, deleted again by unfreeze.',
      },
      {
        verb: 'unfreeze',
        run: unfreezeAccount,
        summary: 'Unfreeze account',
        description: 'Unfreezes a frozen account and deletes its ACCOUNT_FROZEN blockage.',
      },
    ],
  );
};
