import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CustomerInternalId, Offset, PageSize } from '../../contract/common.schema.js';
import { Customer, CustomerUpdate } from '../../contract/customer.schema.js';
import {
  activateCustomer,
  deactivateCustomer,
  disableCustomer,
  enableCustomer,
  findAllCustomers,
  getCustomerByExternalOrInternalId,
  updateCustomer,
} from '../../domain/customers/customer.service.js';
import { registerBodylessActions } from './bodyless-actions.js';
import { refusals, type RouteDeps } from './route-deps.js';

const tags = ['Customer'];
const InternalIdParams = Type.Object({ id: CustomerInternalId });

/** The seven customer operations of Tatum's v3 ledger (README, "What it serves"). */
export const customerRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger }) => {
  app.get(
    '/v3/ledger/customer',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'findAllCustomers',
        tags,
        summary: 'List all customers',
        description: 'List of all customers. Also inactive and disabled customers are present.',
        querystring: Type.Object({ pageSize: PageSize, offset: Type.Optional(Offset) }),
        response: { 200: Type.Array(Customer), ...refusals },
      },
    },
    (request) => findAllCustomers(ledger.db, request.caller, request.query.pageSize, request.query.offset),
  );

  app.get(
    '/v3/ledger/customer/:id',
    {
      config: { credits: 1, refusals: ['customerNotExists'] },
      schema: {
        operationId: 'getCustomerByExternalOrInternalId',
        tags,
        summary: 'Get customer details',
        description: 'Using anonymized external ID or internal customer ID you can access customer detail information.',
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 100, description: 'Customer external or internal ID' }),
        }),
        response: { 200: Customer, ...refusals },
      },
    },
    (request) => getCustomerByExternalOrInternalId(ledger, request.caller, request.params.id),
  );

  app.put(
    '/v3/ledger/customer/:id',
    {
      config: { credits: 2, refusals: ['customerInternalNotExists', 'customerExternalIdExists'] },
      schema: {
        operationId: 'updateCustomer',
        tags,
        summary: 'Update customer',
        description:
          "Helpful in case your primary system will change ID's or customer will change the country he/she is supposed to be in compliance with.",
        params: InternalIdParams,
        body: CustomerUpdate,
        response: { 200: Customer, ...refusals },
      },
    },
    (request) => updateCustomer(ledger, request.caller, request.params.id, request.body),
  );

  registerBodylessActions(
    app,
    ledger,
    { base: '/v3/ledger/customer', resource: 'Customer', tags, id: CustomerInternalId, credits: 2 },
    [
      {
        verb: 'activate',
        refusals: ['customerInternalNotExists', 'customerActive'],
        run: activateCustomer,
        summary: 'Activate customer',
        description: 'Activated customer is able to do any operation.',
      },
      {
        verb: 'deactivate',
        refusals: ['customerInternalNotExists', 'customerInactive', 'customerDeactivateAccountActive'],
        run: deactivateCustomer,
        summary: 'Deactivate customer',
        description:
          'Deactivated customer is not able to do any operation. Customer can be deactivated only when all their accounts are already deactivated.',
      },
      {
        verb: 'enable',
        refusals: ['customerInternalNotExists', 'customerInactive', 'customerEnabled'],
        run: enableCustomer,
        summary: 'Enable customer',
        description:
          'Enabled customer can perform all operations. By default all customers are enabled. All previously blocked account balances will be unblocked.',
      },
      {
        verb: 'disable',
        refusals: ['customerInternalNotExists', 'customerInactive', 'customerDisabled'],
        run: disableCustomer,
        summary: 'Disable customer',
        description:
          'Disabled customer cannot perform end-user operations, such as create new accounts or send transactions. Available balance on all accounts is set to 0. Account balance will stay untouched.',
      },
    ],
  );
};
