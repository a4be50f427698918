import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Account, AccountId, CreateAccount, CreateAccountBatch } from '../../contract/account.schema.js';
import { Offset, PageSize } from '../../contract/common.schema.js';
import {
  activateAccount,
  createAccount,
  createAccountBatch,
  deactivateAccount,
  getAccountByAccountId,
  getAccountsByCustomerId,
} from '../../domain/accounts/account.service.js';
import { registerBodylessActions } from './bodyless-actions.js';
import { refusals, type RouteDeps } from './route-deps.js';

const tags = ['Account'];
const AccountParams = Type.Object({ id: AccountId });

/**
 * Account creation (the only way customers come to be), lookup, the by-customer list, activation and
 * deactivation. Static paths (/batch, /customer/:id) are matched before /:id by Fastify's router.
 */
export const accountRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger }) => {
  const { db, compliance } = ledger;
  app.post(
    '/v3/ledger/account',
    {
      config: {
        credits: 2,
        refusals: ['ledgerCurrencyInvalid', 'customerNotActive', 'customerDisabledNoAccount', 'customerNotCompliant'],
      },
      schema: {
        operationId: 'createAccount',
        tags,
        summary: 'Create a virtual account',
        description:
          'Creates an account; with `customer`, the customer with that externalId is created, or updated with the fields given.',
        body: CreateAccount,
        response: { 200: Account, ...refusals },
      },
    },
    (request) => createAccount(ledger, request.caller, compliance, request.body),
  );

  app.post(
    '/v3/ledger/account/batch',
    {
      config: {
        credits: (request) => 2 + (request.body as { accounts: unknown[] }).accounts.length,
        creditsFormula: '2 + 1 per account',
        refusals: ['ledgerCurrencyInvalid', 'customerNotActive', 'customerDisabledNoAccount', 'customerNotCompliant'],
      },
      schema: {
        operationId: 'createAccountBatch',
        tags,
        summary: 'Create multiple accounts in a batch call',
        description: 'All accounts are created, or none.',
        body: CreateAccountBatch,
        response: { 200: Type.Array(Account), ...refusals },
      },
    },
    (request) => createAccountBatch(ledger, request.caller, compliance, request.body.accounts),
  );

  app.get(
    '/v3/ledger/account/customer/:id',
    {
      config: { credits: 1, refusals: ['customerInternalNotExists'] },
      schema: {
        operationId: 'getAccountsByCustomerId',
        tags,
        summary: 'List all customer accounts',
        description: 'Lists all accounts associated with a customer. Only active accounts are visible.',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'Internal customer ID' }) }),
        querystring: Type.Object({
          pageSize: PageSize,
          offset: Type.Optional(Offset),
          accountCode: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
        }),
        response: { 200: Type.Array(Account), ...refusals },
      },
    },
    (request) => {
      const { pageSize, offset, accountCode } = request.query;
      return getAccountsByCustomerId(db, request.caller, request.params.id, pageSize, offset, accountCode);
    },
  );

  app.get(
    '/v3/ledger/account/:id',
    {
      config: { credits: 1, refusals: ['accountNotExists'] },
      schema: {
        operationId: 'getAccountByAccountId',
        tags,
        summary: 'Get account by ID',
        description: 'Inactive accounts are returned too, with active:false.',
        params: AccountParams,
        response: { 200: Account, ...refusals },
      },
    },
    (request) => getAccountByAccountId(db, request.caller, request.params.id),
  );

  registerBodylessActions(
    app,
    db,
    { base: '/v3/ledger/account', resource: 'Account', tags, id: AccountId, credits: 2 },
    [
      {
        verb: 'activate',
        refusals: ['accountNotExists', 'accountActive', 'accountCustomerInactive'],
        run: activateAccount,
        summary: 'Activate account',
        description: 'Activates a deactivated account.',
      },
      {
        verb: 'deactivate',
        refusals: ['accountNotExists', 'accountInactive', 'accountTradeNonZero', 'accountBalanceNonZero'],
        run: deactivateAccount,
        summary: 'Deactivate account',
        description: 'Only accounts with account and available balances of zero can be deactivated.',
      },
    ],
  );
};
