import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Account } from '../../contract/account.schema.js';
import { TransactionResult } from '../../contract/money.schema.js';
import {
  VC,
  VirtualCurrency,
  VirtualCurrencyOperation,
  VirtualCurrencyUpdate,
} from '../../contract/virtual-currency.schema.js';
import {
  createVirtualCurrency,
  getVirtualCurrency,
  mintVirtualCurrency,
  revokeVirtualCurrency,
  updateVirtualCurrency,
} from '../../domain/virtual-currencies/virtual-currency.service.js';
import { refusals, type RouteDeps } from './route-deps.js';

const tags = ['Virtual Currency'];

/**
 * Virtual currencies: the only way value enters (supply, mint) or leaves (revoke) a ledger. The mint
 * and revoke routes are PUTs, so a GET of /virtualCurrency/mint is a lookup of a currency named "mint".
 */
export const virtualCurrencyRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger }) => {
  const { db } = ledger;
  app.post(
    '/v3/ledger/virtualCurrency',
    {
      config: {
        credits: 2,
        refusals: ['virtualNamePrefix', 'virtualDuplicate', 'customerNotActive', 'customerDisabledNoAccount'],
      },
      schema: {
        operationId: 'createCurrency',
        tags,
        summary: 'Create new virtual currency',
        description:
          'Creates a currency (name prefixed VC_) and its issuer account, which holds the whole supply; with `customer`, that customer is created or updated.',
        body: VirtualCurrency,
        response: { 200: Account, ...refusals },
      },
    },
    (request) => createVirtualCurrency(ledger, request.caller, request.body),
  );

  app.put(
    '/v3/ledger/virtualCurrency',
    {
      config: { credits: 2, refusals: ['vcNotFound'] },
      schema: {
        operationId: 'updateCurrency',
        tags,
        summary: 'Update virtual currency',
        description: 'Changes the base pair and base rate. Tatum’s v1 client adds a trailing slash; both paths work.',
        body: VirtualCurrencyUpdate,
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      await updateVirtualCurrency(db, request.caller, request.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v3/ledger/virtualCurrency/:name',
    {
      config: { credits: 1, refusals: ['vcNotFound'] },
      schema: {
        operationId: 'getCurrency',
        tags,
        summary: 'Get virtual currency',
        description: 'The currency with its issued supply.',
        params: Type.Object({ name: Type.String({ minLength: 3, maxLength: 100 }) }),
        response: { 200: VC, ...refusals },
      },
    },
    (request) => getVirtualCurrency(db, request.caller, request.params.name),
  );

  const supplyChange = ['accountNotExists', 'vcNotFound', 'paymentAmountNotNull', 'virtualTxFailed'] as const;
  const operations = [
    ['mint', 'mintCurrency', 'Create new supply of virtual currency', mintVirtualCurrency, supplyChange],
    [
      'revoke',
      'revokeCurrency',
      'Destroy supply of virtual currency',
      revokeVirtualCurrency,
      [...supplyChange, 'virtualAccountBalance'],
    ],
  ] as const;
  for (const [verb, operationId, summary, run, changeRefusals] of operations) {
    app.put(
      `/v3/ledger/virtualCurrency/${verb}`,
      {
        config: { credits: 2, refusals: changeRefusals },
        schema: {
          operationId,
          tags,
          summary,
          description: `Records a ${verb.toUpperCase()} transaction on the account and changes the total supply by the amount.`,
          body: VirtualCurrencyOperation,
          response: { 200: TransactionResult, ...refusals },
        },
      },
      (request) => run(db, request.caller, request.body),
    );
  }
};
