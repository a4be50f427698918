import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  BroadcastWithdrawal,
  CancelWithdrawalQuery,
  CompleteWithdrawalParams,
  CreateWithdrawal,
  Withdrawal,
  WithdrawalIdParams,
  WithdrawalQuery,
  WithdrawalResponse,
} from '../../contract/withdrawal.schema.js';
import {
  broadcastWithdrawal,
  cancelInProgressWithdrawal,
  completeWithdrawalWithTxId,
  getWithdrawals,
  storeWithdrawal,
  withdrawalRules,
} from '../../domain/withdrawals/withdrawal.service.js';
import { refusals, type RouteDeps } from './route-deps.js';

const tags = ['Withdrawal'];

/**
 * Withdrawals (docs/decisions/0028-withdrawals.md): stored and debited here, signed and broadcast by the
 * operator's own wallet, then completed with the chain transaction id or cancelled.
 */
export const withdrawalRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger: { db, compliance } }) => {
  const rules = withdrawalRules(compliance);

  app.post(
    '/v3/offchain/withdrawal',
    {
      config: {
        credits: 2,
        refusals: [
          'withdrawalRecipientFormat',
          'amountFormat',
          'senderAccountNotExists',
          'withdrawalAccountVirtual',
          'transactionAmountBtc',
          'transactionAmountEth',
          'feeFormat',
          'transactionNotCompliant',
          'senderAccountFrozen',
          'senderAccountCustomerDisabled',
          'withdrawalPending',
          'balanceInsufficient',
        ],
      },
      schema: {
        operationId: 'storeWithdrawal',
        tags,
        summary: 'Store a withdrawal',
        description:
          'Debits `amount + fee` from the sender at once (the amount alone for a token, whose fee is paid in its chain’s coin) in one WITHDRAWAL record, with the checks a payment’s sender gets. The withdrawal is InProgress until completed with its chain transaction id or cancelled. A second withdrawal of BTC, LTC, BCH or DOGE waits until the ledger’s previous one of that coin is completed or cancelled.',
        body: CreateWithdrawal,
        response: { 200: WithdrawalResponse, ...refusals },
      },
    },
    (request) => storeWithdrawal(db, rules, request.caller, request.body),
  );

  app.get(
    '/v3/offchain/withdrawal',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'getWithdrawals',
        tags,
        summary: 'List withdrawals',
        description: 'The ledger’s withdrawals, oldest first, with their currency and the time they were stored.',
        querystring: WithdrawalQuery,
        response: { 200: Type.Array(Withdrawal), ...refusals },
      },
    },
    (request) => getWithdrawals(db, request.caller, request.query),
  );

  app.put(
    '/v3/offchain/withdrawal/:id/:txId',
    {
      config: { credits: 2, refusals: ['withdrawalMissing', 'withdrawalUnexpectedState'] },
      schema: {
        operationId: 'completeWithdrawal',
        tags,
        summary: 'Complete a withdrawal',
        description: 'Records the chain transaction of an InProgress withdrawal and marks it Done.',
        params: CompleteWithdrawalParams,
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      await completeWithdrawalWithTxId(db, request.caller, request.params.id, request.params.txId);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/v3/offchain/withdrawal/:id',
    {
      config: { credits: 1, refusals: ['withdrawalMissing', 'accountNotExists', 'withdrawalNotCancelled'] },
      schema: {
        operationId: 'cancelInProgressWithdrawal',
        tags,
        summary: 'Cancel a withdrawal',
        description:
          'Cancels an InProgress or Done withdrawal and refunds its amount, and its fee unless `revert=false`, in one CANCEL_WITHDRAWAL record. The chain transaction, if one was broadcast, is not touched.',
        params: WithdrawalIdParams,
        querystring: CancelWithdrawalQuery,
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      await cancelInProgressWithdrawal(db, request.caller, request.params.id, request.query.revert ?? true);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v3/offchain/withdrawal/broadcast',
    {
      config: { credits: 2, refusals: ['blockchainBroadcastError'] },
      schema: {
        operationId: 'broadcastBlockchainTransaction',
        tags,
        summary: 'Broadcast a signed transaction and complete the withdrawal',
        description:
          'Always refused with 403 `blockchain.broadcast.error`: the server connects to no chain node. Broadcast with your own node, then complete the withdrawal.',
        body: BroadcastWithdrawal,
        response: { 200: Type.Object({ txId: Type.String(), completed: Type.Boolean() }), ...refusals },
      },
    },
    () => broadcastWithdrawal(),
  );
};
