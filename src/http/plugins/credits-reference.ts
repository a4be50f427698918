import type { FastifyInstance, FastifySchema } from 'fastify';
import '../route-config.js';

// A description that still starts with Tatum's hand-written sentence ("2 credits per API call + 1
// credit for every created account.") loses it: the sentence is generated from the route's config.
const HAND_WRITTEN = /^\s*\d+ credits? per API call(?: \+ [^.]*)?\.\s*/i;

/** How the reference states a route's cost, in Tatum's words. */
export function creditsSentence(stated: number | string | undefined): string {
  if (typeof stated === 'number') return `${stated} ${stated === 1 ? 'credit' : 'credits'} per API call.`;
  if (typeof stated === 'string') return `Credits per API call: ${stated}.`;
  return 'Credits per API call depend on the request.';
}

/**
 * Credits are stated once, in each route's `config.credits` (or `creditsFormula`): this writes them
 * into the OpenAPI document, as the first sentence of the description and as `x-credits` (a number, or
 * the formula). Register it before the routes.
 */
export function describeCredits(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const credits = route.config?.credits;
    if (credits === undefined || !route.schema) return;
    // A formula wins over a number: `1` plus what the handler sets on request.credits is still "1 + 1 per …".
    const stated = route.config?.creditsFormula ?? (typeof credits === 'number' ? credits : undefined);
    const rest = String(route.schema.description ?? '').replace(HAND_WRITTEN, '');
    route.schema = {
      ...route.schema,
      description: [creditsSentence(stated), rest].filter(Boolean).join(' '),
      ...(stated === undefined ? {} : { 'x-credits': stated }),
    } as FastifySchema;
  });
}
