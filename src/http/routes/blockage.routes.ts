import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AccountId } from '../../contract/account.schema.js';
import { BlockAmount, Blockage, BlockageIdResult, UnblockAmount } from '../../contract/blockage.schema.js';
import { Offset, PageSize } from '../../contract/common.schema.js';
import { TransactionResult } from '../../contract/money.schema.js';
import {
  blockAmount,
  deleteAllBlockAmount,
  deleteBlockAmount,
  getBlockAmountById,
  getBlockAmounts,
  unblockAmountWithTransaction,
} from '../../domain/blockages/blockage.service.js';
import { PAYMENT_REFUSALS, refusals, type RouteDeps } from './route-deps.js';

const tags = ['Account'];
const IdParams = (description: string) =>
  Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description }) });

/**
 * Blockages (README, "What it serves"): `{id}` is an account id on block, list and
 * `/block/account/{id}`, a blockage id elsewhere. Unblocking with a transaction:
 * docs/decisions/0019-unblock-with-transaction.md.
 */
export const blockageRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger: { db, payments } }) => {
  app.post(
    '/v3/ledger/account/block/:id',
    {
      config: { credits: 2, refusals: ['accountNotExists', 'amountBtc', 'amountEth', 'balanceInsufficient'] },
      schema: {
        operationId: 'blockAmount',
        tags,
        summary: 'Block an amount in an account',
        description:
          'Blocks an amount: the available balance drops by it, the account balance stays. Any number of blockages may be held.',
        params: IdParams('Account ID'),
        body: BlockAmount,
        response: { 200: BlockageIdResult, ...refusals },
      },
    },
    (request) => blockAmount(db, request.caller, request.params.id, request.body),
  );

  app.put(
    '/v3/ledger/account/block/:id',
    {
      config: {
        credits: 2,
        refusals: ['blockageNotExists', 'blockageTrade', 'blockageAmountExceeded', ...PAYMENT_REFUSALS],
      },
      schema: {
        operationId: 'unblockAmountWithTransaction',
        tags,
        summary: 'Unblock an amount in an account and perform a transaction',
        description:
          'Removes the whole blockage and sends `amount` (at most the blocked amount) to the recipient, in one step: if the payment fails, nothing is unblocked.',
        params: IdParams('Blockage ID'),
        body: UnblockAmount,
        response: { 200: TransactionResult, ...refusals },
      },
    },
    (request) => unblockAmountWithTransaction(payments, request.caller, request.params.id, request.body),
  );

  app.delete(
    '/v3/ledger/account/block/:id',
    {
      config: { credits: 1, refusals: ['blockageNotExists', 'blockageTrade'] },
      schema: {
        operationId: 'deleteBlockAmount',
        tags,
        summary: 'Unblock a blocked amount in an account',
        description: 'Deletes the blockage: the available balance grows by its amount.',
        params: IdParams('Blockage ID'),
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      await deleteBlockAmount(db, request.caller, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v3/ledger/account/block/:id',
    {
      config: { credits: 1, refusals: ['accountNotExists'] },
      schema: {
        operationId: 'getBlockAmount',
        tags,
        summary: 'Get blocked amounts in an account',
        description: 'The blockages of an account, oldest first.',
        params: IdParams('Account ID'),
        querystring: Type.Object({ pageSize: PageSize, offset: Type.Optional(Offset) }),
        response: { 200: Type.Array(Blockage), ...refusals },
      },
    },
    (request) => getBlockAmounts(db, request.caller, request.params.id, request.query.pageSize, request.query.offset),
  );

  app.get(
    '/v3/ledger/account/block/:id/detail',
    {
      config: { credits: 1, refusals: ['blockageNotExists'] },
      schema: {
        operationId: 'getBlockAmountById',
        tags,
        summary: 'Get blocked amount by ID',
        description: 'One blockage.',
        params: IdParams('Blockage ID'),
        response: { 200: Blockage, ...refusals },
      },
    },
    (request) => getBlockAmountById(db, request.caller, request.params.id),
  );

  app.delete(
    '/v3/ledger/account/block/account/:id',
    {
      config: {
        credits: 1,
        creditsFormula: '1 + 1 per deleted blockage',
        refusals: ['accountNotExists', 'customerBlockageInactive'],
      },
      schema: {
        operationId: 'deleteAllBlockAmount',
        tags,
        summary: 'Unblock all blocked amounts in an account',
        description: 'Deletes every blockage of the account.',
        params: Type.Object({ id: AccountId }),
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      const deleted = await deleteAllBlockAmount(db, request.caller, request.params.id);
      request.credits = 1 + deleted;
      return reply.code(204).send(null);
    },
  );
};
