import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CreditMeter } from '../../domain/credits/credit-meter.js';
import { LedgerError } from '../../domain/ledger-error.js';
import '../route-config.js';
import './auth.js';

/**
 * What a call costs: what the handler put on `request.credits`, else the route's `config.credits`
 * (a number, or a function of the validated request).
 */
function creditsOf(request: FastifyRequest): number {
  if (request.credits !== undefined) return request.credits;
  const credits = request.routeOptions.config.credits;
  return typeof credits === 'function' ? credits(request) : (credits ?? 0);
}

/**
 * Charges each call its credits, to the calling key (and so its ledger and tenant), when the ledger
 * judged it: an answer 2xx, or a 403 for a broken rule. Not charged: refusals before the call is judged
 * (400 validation, 401, 403 api.key.frozen and credits.quota.exceeded, 429), 5xx, and replays of an
 * Idempotency-Key (the call was charged when it ran). Counting is in memory (CreditMeter).
 *
 * Also refuses every call of a tenant past its monthly credit quota with 403 credits.quota.exceeded,
 * except on `quotaExempt` routes (the usage report). The quota comes with the key and the month's
 * credits from memory, so the check costs no database round trip.
 */
export function meterCredits(scope: FastifyInstance, meter: CreditMeter): void {
  scope.decorateRequest('credits', undefined);
  // A request reaches preHandler once it passed every check and validation: from then on, it is judged.
  // A flag on the request, not a WeakSet of requests: that would cost the collector at every request.
  scope.decorateRequest('judged', false);
  const chargedTotal = scope.metrics?.counter('ledger_credits_charged_total', 'Credits charged to API keys', [
    'network',
  ]);

  // A callback hook: without a quota, or with the tenant's month in memory, it takes no promise.
  scope.addHook('onRequest', (request, _reply, done) => {
    const { monthlyCreditQuota: quota, tenantId } = request.caller;
    if (quota === null || request.routeOptions.config.quotaExempt) return done();
    const judge = (used: number) =>
      done(used >= quota ? new LedgerError('creditsQuotaExceeded', { quota, used }) : undefined);
    const used = meter.monthUsed(tenantId);
    if (typeof used === 'number') return judge(used);
    used.then(judge, done);
  });

  scope.addHook('preHandler', (request, _reply, done) => {
    request.judged = true;
    done();
  });

  scope.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const charged = (status >= 200 && status < 300) || status === 403;
    if (charged && request.judged && !request.idempotency?.replayed) {
      const credits = creditsOf(request);
      if (credits > 0) {
        meter.charge(request.caller, credits);
        chargedTotal?.inc({ network: request.caller.network }, credits);
      }
    }
    done();
  });
}
