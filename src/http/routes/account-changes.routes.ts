import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AccountId, UpdateAccount } from '../../contract/account.schema.js';
import {
  freezeAccount,
  unfreezeAccount,
  updateAccountByAccountId,
} from '../../domain/accounts/account-changes.service.js';
import { registerBodylessActions } from './bodyless-actions.js';
import { refusals, type RouteDeps } from './route-deps.js';

const tags = ['Account'];
const AccountParams = Type.Object({ id: AccountId });

/** Changes to an account beyond its lifecycle: the bookkeeping fields, freeze and unfreeze. */
export const accountChangeRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger: { db } }) => {
  app.put(
    '/v3/ledger/account/:id',
    {
      config: { credits: 2, refusals: ['accountNotExists'] },
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
      await updateAccountByAccountId(db, request.caller, request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  registerBodylessActions(
    app,
    db,
    { base: '/v3/ledger/account', resource: 'Account', tags, id: AccountId, credits: 2 },
    [
      {
        verb: 'freeze',
        refusals: ['accountNotExists', 'accountInactiveFreeze', 'accountFrozen'],
        run: freezeAccount,
        summary: 'Freeze account',
        description:
          'Disables all outgoing transactions; incoming ones still land. The available balance reads 0, and an ACCOUNT_FROZEN blockage is created, deleted again by unfreeze.',
      },
      {
        verb: 'unfreeze',
        refusals: ['accountNotExists', 'accountNotFrozen'],
        run: unfreezeAccount,
        summary: 'Unfreeze account',
        description: 'Unfreezes a frozen account and deletes its ACCOUNT_FROZEN blockage.',
      },
    ],
  );
};
