import type { ErrorName } from '../contract/errors.js';

// What a route declares about itself besides its schema, in Fastify's route `config`. Metering, key
// freeze and the generated reference read these; a route states them once, where it is defined.
declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Credits one call costs (Tatum's, docs/decisions/0041-credits-charged-when-judged.md): a number, or
     * a function of the validated request for batch formulas ("2 + 1 per account"). A cost known only
     * after the work (deleted blockages) is set by the handler on `request.credits`, which then wins.
     */
    credits?: number | ((request: FastifyRequest) => number);
    /** The formula as the reference states it, when it is not a plain number. */
    creditsFormula?: string;
    /** A POST that only reads (the transaction finds): a frozen key may still call it. */
    readOnly?: boolean;
    /** A write a frozen key may still make: unfreezing its own key. */
    allowedWhenFrozen?: boolean;
    /** Answers even past the tenant's monthly credit quota (the usage report, the key freeze). */
    quotaExempt?: boolean;
    /**
     * The refusals of this operation's own rules (the registry's names), as its use case throws them.
     * The reference lists them with those every call of its kind can get (key, validation, rate limit,
     * quota, Idempotency-Key), which reference/refusals.ts adds.
     */
    refusals?: readonly ErrorName[];
  }
  interface FastifyRequest {
    /** Set by a handler whose cost depends on what it did; overrides the route's `credits`. */
    credits?: number;
    /** Set once the request passed every check and validation (plugins/credits.ts). */
    judged: boolean;
  }
}

export {};

// A module, so that the block above augments fastify's own types instead of declaring new ones.
export {};
