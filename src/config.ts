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
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {}

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
  };
}
