import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { TransactionResult } from '../../contract/money.schema.js';
import {
  BatchCreateTransaction,
  CreateTransaction,
  FindQuery,
  Transaction,
  TransactionFilter,
  TransactionFilterCustomer,
  TransactionFilterLedger,
  type TransactionQuery,
} from '../../contract/transaction.schema.js';
import {
  findLedgerTransactions,
  getTransactionsByReference,
  sendTransaction,
  sendTransactionBatch,
} from '../../domain/transactions/transaction.service.js';
import { PAYMENT_REFUSALS, refusals, type RouteDeps } from './route-deps.js';

const tags = ['Transaction'];
// With count=true a find answers a bare number instead of the list (docs/compatibility/README.md).
const FoundTransactions = Type.Union([Type.Array(Transaction), Type.Integer()]);

/** Payments (two records per payment under one reference) and the finds over their records. */
export const transactionRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger: { db, payments } }) => {
  app.post(
    '/v3/ledger/transaction',
    {
      config: { credits: 4, refusals: PAYMENT_REFUSALS },
      schema: {
        operationId: 'sendTransaction',
        tags,
        summary: 'Send payment',
        description:
          "Sends a payment between two accounts of one currency, settled at once: the sender's available balance must cover it. Two records share the returned reference.",
        body: CreateTransaction,
        response: { 200: TransactionResult, ...refusals },
      },
    },
    (request) => sendTransaction(payments, request.caller, request.body),
  );

  app.post(
    '/v3/ledger/transaction/batch',
    {
      config: {
        credits: (request) => 2 + 2 * ((request.body as { transaction?: unknown[] }).transaction?.length ?? 0),
        creditsFormula: '2 + 2 per payment',
        refusals: PAYMENT_REFUSALS,
      },
      schema: {
        operationId: 'sendTransactionBatch',
        tags,
        summary: 'Send payment in batch',
        description: 'Sends payments from one account to many, all or none; the references come in request order.',
        body: BatchCreateTransaction,
        response: { 200: Type.Array(Type.String()), ...refusals },
      },
    },
    (request) => sendTransactionBatch(payments, request.caller, request.body),
  );

  const finds = [
    ['account', 'getTransactionsByAccountId', 'Find transactions for account', TransactionFilter],
    [
      'customer',
      'getTransactionsByCustomerId',
      'Find transactions for a customer across all accounts',
      TransactionFilterCustomer,
    ],
    ['ledger', 'getTransactions', 'Find transactions within the ledger', TransactionFilterLedger],
  ] as const;
  for (const [scope, operationId, summary, Filter] of finds) {
    app.post(
      `/v3/ledger/transaction/${scope}`,
      {
        config: { credits: 1, readOnly: true },
        schema: {
          operationId,
          tags,
          summary,
          description: 'Records matching every filter given, oldest first. With count=true, only their number.',
          querystring: FindQuery,
          body: Filter,
          response: { 200: FoundTransactions, ...refusals },
        },
      },
      async (request) => {
        const { id, ...filter } = request.body as TransactionQuery & { id?: string };
        const query: TransactionQuery =
          scope === 'account'
            ? { ...filter, accountId: id }
            : scope === 'customer'
              ? { ...filter, customerId: id }
              : filter;
        return findLedgerTransactions(db, request.caller, query, request.query);
      },
    );
  }

  app.get(
    '/v3/ledger/transaction/reference/:reference',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'getTransactionsByReference',
        tags,
        summary: 'Find transactions with given reference across all accounts',
        description: 'The records of one payment, mint or revoke.',
        // 1 to 100 characters, not Tatum's 20 to 100: a mint or revoke takes a reference of 1 to 100
        // characters from its caller, and every reference stored must be found here.
        params: Type.Object({ reference: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: Type.Array(Transaction), ...refusals },
      },
    },
    (request) => getTransactionsByReference(db, request.caller, request.params.reference),
  );
};
