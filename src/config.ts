import { defaultBurst } from './domain/rate-limit/rate-limit-setting.js';
import type { StartupKeys } from './domain/tenancy/tenancy.service.js';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; the embedded PGlite is used when it is absent. */
  databaseUrl?: string;
  /** PGlite's data folder, or `memory://`. */
  dataDir: string;
  startupKeys: StartupKeys;
  logLevel: string;
  /** A compliance policy file; the documented default policy when absent. */
  compliancePolicyPath?: string;
  /** The requests per second and burst of every key without a limit of its own; none when absent. */
  rateLimit?: { rps: number; burst: number };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {}

// Rate limits are the operator's choice (README, Rate limits): off unless LEDGER_RATE_LIMIT_RPS sets one
// for every key, on either database; tenants and keys get their own with `ledger tenants|keys limit`.
function rateLimitFromEnv(env: NodeJS.ProcessEnv): Config['rateLimit'] {
  const given = env.LEDGER_RATE_LIMIT_RPS;
  if (!given || given === 'off' || given === '0') {
    if (env.LEDGER_RATE_LIMIT_BURST)
      throw new ConfigError('LEDGER_RATE_LIMIT_BURST needs LEDGER_RATE_LIMIT_RPS: the limit is off without it.');
    return undefined;
  }
  const rps = Number(given);
  if (!Number.isFinite(rps) || rps <= 0)
    throw new ConfigError(`LEDGER_RATE_LIMIT_RPS must be a positive number or 'off', not '${given}'.`);
  const burst = Number(env.LEDGER_RATE_LIMIT_BURST || defaultBurst(rps));
  if (!Number.isInteger(burst) || burst < 1)
    throw new ConfigError(
      `LEDGER_RATE_LIMIT_BURST must be a whole number from 1, not '${env.LEDGER_RATE_LIMIT_BURST}'.`,
    );
  return { rps, burst };
}

/** Reads the configuration from the environment (documented in the README). Throws ConfigError. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be 0..65535, not '${env.PORT}'.`);
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.LEDGER_DATA_DIR || './data',
    startupKeys: {
      mainnet: env.LEDGER_API_KEY_MAINNET || undefined,
      testnet: env.LEDGER_API_KEY_TESTNET || undefined,
    },
    logLevel,
    compliancePolicyPath: env.LEDGER_COMPLIANCE_POLICY || undefined,
    rateLimit: rateLimitFromEnv(env),
  };
}
