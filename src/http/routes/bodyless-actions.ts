import type { FastifyInstance } from 'fastify';
import { Type, type TString } from 'typebox';
import type { ErrorName } from '../../contract/errors.js';
import type { LedgerScope } from '../../domain/ledger.js';
import '../route-config.js';
import { refusals } from './route-deps.js';

/** `Target` is what the action works on: the database, or the ledger for an action that announces a change. */
export interface BodylessAction<Target> {
  /** The last path segment, e.g. `activate`; the operationId is `${verb}${resource}`. */
  verb: string;
  summary: string;
  description: string;
  /** What its use case can refuse it with (route-config.ts `refusals`). */
  refusals: readonly ErrorName[];
  run(target: Target, scope: LedgerScope, id: string): Promise<void>;
}

/**
 * The body-less PUT actions (`PUT {base}/:id/{verb}`, 204 with no body), the same for every resource.
 * They take no body schema, so the empty bodies Tatum's clients send with any Content-Type pass.
 */
export function registerBodylessActions<Target>(
  app: FastifyInstance,
  target: Target,
  route: { base: string; resource: string; tags: string[]; id: TString; credits: number },
  actions: readonly BodylessAction<Target>[],
): void {
  for (const action of actions) {
    app.put<{ Params: { id: string } }>(
      `${route.base}/:id/${action.verb}`,
      {
        config: { credits: route.credits, refusals: action.refusals },
        schema: {
          operationId: `${action.verb}${route.resource}`,
          tags: route.tags,
          summary: action.summary,
          description: action.description,
          params: Type.Object({ id: route.id }),
          response: { 204: Type.Null(), ...refusals },
        },
      },
      async (request, reply) => {
        await action.run(target, request.caller, request.params.id);
        return reply.code(204).send(null);
      },
    );
  }
}
