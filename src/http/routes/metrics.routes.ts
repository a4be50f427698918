import type { FastifyInstance } from 'fastify';

/**
 * `GET /metrics` for Prometheus. No API key: it shows counts, never ledger data; keep it on a network
 * only the scraper reaches, or behind the proxy.
 */
export async function metricsRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/metrics',
    {
      schema: {
        operationId: 'getMetrics',
        tags: ['Server'],
        summary: 'Prometheus metrics',
        description:
          'Requests by route pattern and status, a latency histogram, database connections in use and waiting, ' +
          'credits charged, and the process (memory, CPU, event loop), in Prometheus text format.',
        security: [],
        response: {
          200: {
            description: 'Prometheus text exposition format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (_request, reply) => {
      const { contentType, body } = await app.metrics.render();
      return reply.type(contentType).send(body);
    },
  );
}
