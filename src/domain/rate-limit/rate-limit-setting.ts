import type { RateLimit } from './token-bucket.js';

/**
 * A tenant's or an API key's own choice: a limit, `'off'` (no limit, whatever the level below says), or
 * null (no setting: the level below decides). README, Rate limits.
 */
export type RateLimitSetting = RateLimit | 'off' | null;

/** How a setting is stored: NULL/NULL no setting, rps 0 off, else the limit (migration 008). */
export interface RateLimitColumns {
  rps: number | null;
  burst: number | null;
}

export function settingFromColumns({ rps, burst }: RateLimitColumns): RateLimitSetting {
  if (rps === null) return null;
  if (rps === 0 || burst === null) return 'off';
  return { rps, burst };
}

export function columnsFromSetting(setting: RateLimitSetting): RateLimitColumns {
  if (setting === null) return { rps: null, burst: null };
  if (setting === 'off') return { rps: 0, burst: null };
  return setting;
}

/**
 * The limit a key's requests pass: the key's setting, else its tenant's (both folded into `setting`
 * when the key is read), else the environment's, else none.
 */
export function effectiveRateLimit(
  setting: RateLimitSetting,
  environment: RateLimit | undefined,
): RateLimit | undefined {
  if (setting === 'off') return undefined;
  return setting ?? environment;
}

/** The burst when none is given: twice the rate, at least 1 (as LEDGER_RATE_LIMIT_BURST's default). */
export const defaultBurst = (rps: number): number => Math.max(1, Math.ceil(2 * rps));
