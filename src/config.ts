import { defaultBurst } from './domain/rate-limit/rate-limit-setting.js';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
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
  /** Where the keys made at first start are written when the output is not a terminal. */
  keysFile: string;
  /** How the server treats its connections: timeouts, cap, graceful stop. */
  transport: TransportConfig;
  /** Where webhooks may go, and how many are delivered at once (docs/decisions/0032-webhook-destinations.md). */
  webhooks: { allowPrivate: boolean; concurrency: number };
  /** Which peers' `X-Forwarded-For` names the client (README: Behind a reverse proxy). */
  trustProxy: TrustProxy;
}

/**
 * Fastify's `trustProxy`: false (the peer is the client), true (every hop is trusted), a number of
 * hops, or the proxies' addresses and CIDR ranges.
 */
export type TrustProxy = boolean | number | string[];

/** Timeouts in milliseconds. Each bounds what one slow or idle client can hold (README: Configuration). */
export interface TransportConfig {
  /** From a connection's first byte to the end of the request's headers. */
  headersTimeoutMs: number;
  /** From a connection's first byte to the end of the request's body. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Connections open at once; more are closed as soon as they are accepted. */
  maxConnections: number;
  /** After SIGTERM: how long requests that arrived may take before the rest are cut. */
  shutdownGraceMs: number;
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

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const given = env[name];
  if (!given) return fallback;
  const value = Number(given);
  if (!/^\d+$/.test(given) || !Number.isSafeInteger(value) || value < min)
    throw new ConfigError(`${name} must be a whole number from ${min}, not '${given}'.`);
  return value;
}

// Files kept free under the open-file limit for what is not a client: the database's own files or pool
// connections, the migrations, the policy file, logs.
const FILES_KEPT_FREE = 256;
const MAX_CONNECTIONS = 10_000;

/**
 * At most 10,000 connections, and fewer when the process may open fewer files: past that limit a new
 * connection to the database fails as well, and the server stops answering anyone.
 */
function defaultMaxConnections(): number {
  try {
    const soft = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    if (soft) return Math.max(1, Math.min(MAX_CONNECTIONS, Number(soft) - FILES_KEPT_FREE));
  } catch {
    // No /proc (macOS, Windows): the fixed default.
  }
  return MAX_CONNECTIONS;
}

function transportFromEnv(env: NodeJS.ProcessEnv): TransportConfig {
  const transport = {
    headersTimeoutMs: wholeNumber(env, 'LEDGER_HEADERS_TIMEOUT_MS', 10_000, 100),
    requestTimeoutMs: wholeNumber(env, 'LEDGER_REQUEST_TIMEOUT_MS', 30_000, 100),
    keepAliveTimeoutMs: wholeNumber(env, 'LEDGER_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100),
    maxConnections: wholeNumber(env, 'LEDGER_MAX_CONNECTIONS', defaultMaxConnections(), 1),
    shutdownGraceMs: wholeNumber(env, 'LEDGER_SHUTDOWN_GRACE_MS', 10_000, 0),
  };
  // Node's own rule: a request cannot have its headers later than its whole body.
  if (transport.headersTimeoutMs > transport.requestTimeoutMs)
    throw new ConfigError('LEDGER_HEADERS_TIMEOUT_MS must not be above LEDGER_REQUEST_TIMEOUT_MS.');
  return transport;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const given = env[name];
  if (!given || given === 'false') return false;
  if (given === 'true') return true;
  throw new ConfigError(`${name} must be 'true' or 'false', not '${given}'.`);
}

const TRUST_PROXY_HINT =
  "'false', 'true', a number of proxies in front of the server, or their addresses and CIDR ranges separated by commas";

/** An address or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrRange(text: string): boolean {
  const [address, bits, ...rest] = text.split('/');
  const version = isIP(address ?? '');
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * LEDGER_TRUST_PROXY. Off by default: a client that reaches the server directly could otherwise name
 * any address in `X-Forwarded-For`, and the address decides its allowance of unknown API keys.
 */
function trustProxyFromEnv(env: NodeJS.ProcessEnv): TrustProxy {
  const given = env.LEDGER_TRUST_PROXY?.trim();
  if (!given || given === 'false') return false;
  if (given === 'true') return true;
  if (/^\d+$/.test(given)) {
    const hops = Number(given);
    if (hops >= 1 && hops <= 10) return hops;
  } else {
    const proxies = given.split(',').map((part) => part.trim());
    if (proxies.every(isAddressOrRange)) return proxies;
  }
  throw new ConfigError(`LEDGER_TRUST_PROXY must be ${TRUST_PROXY_HINT}, not '${given}'.`);
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
    keysFile: env.LEDGER_KEYS_FILE || './ledger-api-keys.txt',
    transport: transportFromEnv(env),
    webhooks: {
      allowPrivate: flag(env, 'LEDGER_WEBHOOK_ALLOW_PRIVATE'),
      concurrency: wholeNumber(env, 'LEDGER_WEBHOOK_CONCURRENCY', 16, 1),
    },
    trustProxy: trustProxyFromEnv(env),
  };
}
