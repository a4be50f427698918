import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Account, AccountId } from '../../contract/account.schema.js';
import {
  Address,
  AddressParam,
  AddressTagQuery,
  GenerateAddressesBatch,
  GenerateAddressQuery,
} from '../../contract/address.schema.js';
import {
  addressExists,
  assignAddress,
  generateDepositAddress,
  generateDepositAddressesBatch,
  getAllDepositAddresses,
  removeDepositAddress,
} from '../../domain/addresses/address.service.js';
import { refusals, type RouteDeps } from './route-deps.js';

/** What deriving a deposit address can be refused with (domain/addresses/address.service.ts). */
const ADDRESS_GENERATION_REFUSALS = [
  'accountNotExists',
  'offchainNotSupported',
  'accountXpubMissing',
  'addressGenerationWrongXpub',
  'addressGenerationFailed',
  'addressIndexUsed',
  'addressUsed',
] as const;

const tags = ['Blockchain addresses'];
const AccountParams = Type.Object({ id: AccountId });
const AccountAddressParams = Type.Object({ id: AccountId, address: AddressParam });

/** Deposit addresses of accounts (docs/decisions/0026-deposit-addresses.md). */
export const addressRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger: { db } }) => {
  app.post(
    '/v3/offchain/account/:id/address',
    {
      config: { credits: 2, refusals: ADDRESS_GENERATION_REFUSALS },
      schema: {
        operationId: 'generateDepositAddress',
        tags,
        summary: 'Create a deposit address for an account',
        description:
          "Derives the address at `index` from the account's xpub, as Tatum's v1 library derives it (testnet addresses on a testnet ledger), or at the account's last used index + 1. BTC, LTC, DOGE, BCH, ETH and its tokens, BSC, MATIC, KLAY, CELO, ONE, XDC and TRON with its tokens; other assets answer `offchain.not.supported` and take assigned addresses.",
        params: AccountParams,
        querystring: GenerateAddressQuery,
        response: { 200: Address, ...refusals },
      },
    },
    (request) => generateDepositAddress(db, request.caller, request.params.id, request.query.index),
  );

  app.post(
    '/v3/offchain/account/address/batch',
    {
      config: {
        credits: (request) => 2 + (request.body as { addresses: unknown[] }).addresses.length,
        creditsFormula: '2 + 1 per address',
        refusals: ADDRESS_GENERATION_REFUSALS,
      },
      schema: {
        operationId: 'generateDepositAddressesBatch',
        tags,
        summary: 'Create deposit addresses for accounts in a batch',
        description: 'Derives every address of the list, in order, or none when one is refused.',
        body: GenerateAddressesBatch,
        response: { 200: Type.Array(Address), ...refusals },
      },
    },
    (request) => generateDepositAddressesBatch(db, request.caller, request.body),
  );

  app.get(
    '/v3/offchain/account/:id/address',
    {
      config: { credits: 1, refusals: ['accountNotExists'] },
      schema: {
        operationId: 'getAllDepositAddresses',
        tags,
        summary: "List an account's deposit addresses",
        description: 'Derived and assigned, oldest first; removed ones are left out.',
        params: AccountParams,
        response: { 200: Type.Array(Address), ...refusals },
      },
    },
    (request) => getAllDepositAddresses(db, request.caller, request.params.id),
  );

  app.get(
    '/v3/offchain/account/address/:address/:currency',
    {
      config: { credits: 1, refusals: ['addressNotFound'] },
      schema: {
        operationId: 'addressExists',
        tags,
        summary: 'Check whether a deposit address is assigned',
        description: 'The account holding the address for the asset (with `index`, its tag or memo).',
        params: Type.Object({ address: AddressParam, currency: Type.String({ minLength: 1, maxLength: 50 }) }),
        querystring: AddressTagQuery,
        response: { 200: Account, ...refusals },
      },
    },
    (request) =>
      addressExists(db, request.caller, request.params.address, request.params.currency, request.query.index),
  );

  app.post(
    '/v3/offchain/account/:id/address/:address',
    {
      config: {
        credits: 2,
        refusals: ['accountNotExists', 'offchainNotSupported', 'accountXpubPresent', 'addressUsed'],
      },
      schema: {
        operationId: 'assignAddress',
        tags,
        summary: 'Assign a deposit address to an account',
        description:
          'For an account without an xpub: an address made elsewhere, with `index` as its XRP destination tag, XLM message or BNB memo where accounts share an address.',
        params: AccountAddressParams,
        querystring: AddressTagQuery,
        response: { 200: Address, ...refusals },
      },
    },
    (request) => assignAddress(db, request.caller, request.params.id, request.params.address, request.query.index),
  );

  app.delete(
    '/v3/offchain/account/:id/address/:address',
    {
      config: { credits: 1, refusals: ['accountNotExists', 'addressNotFound'] },
      schema: {
        operationId: 'removeAddress',
        tags,
        summary: 'Remove a deposit address from an account',
        description: 'Deposits to it are no longer credited; a derived address is never derived again.',
        params: AccountAddressParams,
        querystring: AddressTagQuery,
        response: { 204: Type.Null(), ...refusals },
      },
    },
    async (request, reply) => {
      await removeDepositAddress(db, request.caller, request.params.id, request.params.address, request.query.index);
      return reply.code(204).send(null);
    },
  );
};
