import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { RefusalBody } from '../../contract/common.schema.js';
import { Consumption, consumptionDay } from '../../contract/credits.schema.js';
import { setCallerKeyFrozen } from '../../domain/tenancy/key-freeze.js';
import { refusals, type RouteDeps } from './route-deps.js';

const tags = ['Service utils'];
// "The last month" of Tatum's description, as a fixed window: the 30 UTC days up to today.
const USAGE_DAYS = 30;
const answers = { ...refusals, 429: RefusalBody };

/**
 * Tatum's usage report and API key freeze (`/v3/tatum/usage`, `/v3/tatum/freeze`), under the caller's
 * key. They stay callable past the tenant's credit quota; the freeze routes also by a frozen key, so
 * that it can unfreeze itself.
 */
export const serviceUtilsRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { ledger }) => {
  app.get(
    '/v3/tatum/usage',
    {
      config: { credits: 1, quotaExempt: true },
      schema: {
        operationId: 'getCredits',
        tags,
        summary: 'List credit consumption for last month',
        description:
          "Credits used per day by the API key's ledger (every key of the ledger) over the last 30 days, UTC, " +
          'oldest first, days without calls included as 0. Calls this server has not written to the database yet ' +
          'are counted; this call itself is counted from the next report on.',
        response: { 200: Type.Array(Consumption), ...answers },
      },
    },
    async (request): Promise<Consumption[]> => {
      const days = await ledger.meter.usageByDay(request.caller.ledgerId, USAGE_DAYS);
      return days.map(({ day, credits }) => ({ day: consumptionDay(day), usage: credits }));
    },
  );

  for (const [method, frozen] of [
    ['PUT', true],
    ['DELETE', false],
  ] as const) {
    app.route({
      method,
      url: '/v3/tatum/freeze',
      config: { credits: 2, quotaExempt: true, allowedWhenFrozen: true },
      schema: {
        operationId: frozen ? 'freezeApiKey' : 'unfreezeApiKey',
        tags,
        summary: frozen ? 'Freeze API Key' : 'Unfreeze API Key',
        description: frozen
          ? 'Freezes the API key of the call: from then on it may only read (GET, and the transaction finds); every ' +
            'other call gets 403 api.key.frozen. Freezing a frozen key changes nothing.'
          : 'Unfreezes the API key of the call: it may write again. Unfreezing a key that is not frozen changes nothing.',
        response: { 204: Type.Null(), ...answers },
      },
      handler: async (request, reply) => {
        await setCallerKeyFrozen(ledger, request.caller.apiKeyId, frozen);
        return reply.code(204).send(null);
      },
    });
  }
};
