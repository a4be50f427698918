import type { FastifyInstance } from 'fastify';
import type { Ledger } from '../../domain/create-ledger.js';
import { meterCredits } from './credits.js';
import { refuseWritesOfFrozenKeys } from './key-freeze.js';
import { limitRequestRate } from './rate-limit.js';

/**
 * The checks of every ledger call, in the authenticated scope right after the API key is known, in
 * this order: the rate limit (cheapest refusal first), the key freeze, the credit quota; then metering.
 * The limiter and the meter are the ledger's (domain/create-ledger.ts), which writes the pending credits
 * when it closes.
 */
export function guardLedgerCalls(
  scope: FastifyInstance,
  { meter, limiter, environmentLimit }: Pick<Ledger, 'meter' | 'limiter' | 'environmentLimit'>,
): void {
  limitRequestRate(scope, limiter, environmentLimit);
  refuseWritesOfFrozenKeys(scope);
  meterCredits(scope, meter);
}
