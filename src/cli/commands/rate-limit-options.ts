import { defaultBurst, type RateLimitSetting } from '../../domain/rate-limit/rate-limit-setting.js';
import { UsageError } from '../command.js';

/** The help both `tenants limit` and `keys limit` show for their value and `--burst`. */
export const RATE_LIMIT_VALUE = '<rps|off|unset>';
export const BURST_OPTION = {
  type: 'string',
  value: '<n>',
  description: 'Requests a key may make at once before the rate applies (default twice the rate)',
} as const;

/**
 * A setting as the command line gives it: requests per second (decimals allowed) with an optional
 * burst, `off` (no limit, whatever the level below says) or `unset` (no setting: the level below
 * decides). Throws UsageError.
 */
export function parseRateLimitSetting(value: string, burstOption: string | undefined): RateLimitSetting {
  if (value === 'off' || value === 'unset') {
    if (burstOption !== undefined) throw new UsageError(`--burst goes with a rate, not with '${value}'`);
    return value === 'off' ? 'off' : null;
  }
  const rps = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(rps > 0) || !Number.isFinite(rps)) {
    throw new UsageError(`the limit must be requests per second (a positive number), 'off' or 'unset', not '${value}'`);
  }
  const burst = burstOption === undefined ? defaultBurst(rps) : /^\d+$/.test(burstOption) ? Number(burstOption) : NaN;
  if (!Number.isSafeInteger(burst) || burst < 1 || burst > 2_147_483_647) {
    throw new UsageError(`--burst must be a whole number from 1, not '${burstOption}'`);
  }
  return { rps, burst };
}

/** The setting in words, for the operator: what requests of `who` get. */
export function describeRateLimitSetting(who: string, setting: RateLimitSetting, below: string): string {
  if (setting === null) return `${who} has no rate limit of its own: ${below} applies.`;
  if (setting === 'off') return `${who} has no rate limit, whatever ${below} says.`;
  return `${who} may make ${setting.rps} requests per second, in bursts of up to ${setting.burst}; past that, 429 rate.limit.exceeded.`;
}
