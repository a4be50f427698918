import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RefusalBody } from '../../contract/common.schema.js';
import { Liveness, Readiness } from '../../contract/service.schema.js';
import { checkReadiness } from '../../domain/health/readiness.js';
import { LedgerError } from '../../domain/ledger-error.js';
import type { Database } from '../../storage/database.js';
import type { Draining } from '../draining.js';

const tags = ['Server'];

/** Probes for load balancers and orchestrators: no API key, no credits. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ db: Database; draining: Draining }> = async (
  app,
  { db, draining },
) => {
  app.get(
    '/health',
    {
      schema: {
        operationId: 'getHealth',
        tags,
        summary: 'Liveness',
        description: 'The process is up and answering. Touches no database: restart the server when this fails.',
        security: [],
        response: { 200: Liveness },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { refusals: ['notReady'] },
      schema: {
        operationId: 'getReady',
        tags,
        summary: 'Readiness',
        description:
          'The database answers, every migration this build ships is applied, and the server is not stopping; ' +
          'otherwise 503 server.not.ready. ' +
          'Send traffic only while this is 200.',
        security: [],
        response: { 200: Readiness, 503: RefusalBody },
      },
    },
    async (request) => {
      // A stopping server tells its load balancer first, while it still answers what arrives.
      if (draining.started) throw new LedgerError('notReady', { reason: 'the server is stopping' });
      const readiness = await checkReadiness(db);
      if (!readiness.ready) {
        // The probe's answer names no database detail; the log keeps it for the operator.
        if (readiness.cause) request.log.warn({ err: readiness.cause }, `not ready: ${readiness.reason}`);
        throw new LedgerError('notReady', { reason: readiness.reason });
      }
      return { status: 'ready' as const, migrations: readiness.migrations };
    },
  );
};
