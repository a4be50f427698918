import type { FastifyInstance } from 'fastify';
import { LedgerError } from '../../domain/ledger-error.js';
import '../route-config.js';
import './auth.js';

/**
 * A frozen key may only read (docs/decisions/0008-key-errors-and-freeze.md): GETs, and POSTs whose route
 * is `readOnly` (the transaction finds). Every other call is refused with 403 api.key.frozen before it is
 * judged, so it is not charged. The freeze routes are `allowedWhenFrozen`: a frozen key can unfreeze
 * itself.
 */
export function refuseWritesOfFrozenKeys(scope: FastifyInstance): void {
  scope.addHook('onRequest', (request, _reply, done) => {
    if (!request.caller.frozen || request.method === 'GET' || request.method === 'HEAD') return done();
    const config = request.routeOptions.config;
    if (config.readOnly || config.allowedWhenFrozen) return done();
    done(new LedgerError('apiKeyFrozen'));
  });
}
