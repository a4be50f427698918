import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiVersion } from '../../contract/service.schema.js';
import { refusals } from './route-deps.js';

/**
 * Tatum's service routes under `/v3/tatum`, behind the API key like the ledger. Only `version` lives
 * here; usage and freeze belong with the credits.
 */
export const serviceRoutes: FastifyPluginAsyncTypebox<{ version: string }> = async (app, { version }) => {
  app.get(
    '/v3/tatum/version',
    {
      config: { credits: 1 },
      schema: {
        operationId: 'getVersion',
        tags: ['Service utils'],
        summary: 'Get API version',
        description: '1 credit per API call. The version of this server, and whether the API key is a testnet key.',
        response: { 200: ApiVersion, ...refusals },
      },
    },
    (request): ApiVersion => ({ version, testnet: request.caller.network === 'testnet' }),
  );
};
