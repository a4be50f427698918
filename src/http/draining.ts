import type { FastifyInstance } from 'fastify';

/** A server that has begun to stop: it still answers, but readiness fails and no connection is kept. */
export interface Draining {
  readonly started: boolean;
  begin(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    draining: Draining;
  }
}

/**
 * Once draining has begun, every answer carries `Connection: close`, so that a client's kept-alive
 * connection ends with the answer instead of being cut under a request it is sending.
 */
export function registerDraining(app: FastifyInstance): Draining {
  let started = false;
  const draining: Draining = {
    get started() {
      return started;
    },
    begin() {
      started = true;
    },
  };
  app.decorate('draining', draining);
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (started) reply.header('connection', 'close');
    done(null, payload);
  });
  return draining;
}
