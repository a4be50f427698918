// The client's configuration and the per-call options. Unknown keys are refused rather than ignored:
// a misspelt `timeoutMS` would otherwise silently leave the default in force.

export interface LedgerSdkConfig {
  /** The key of the tenant's mainnet ledger; needed for `sdk.mainnet()`. */
  mainnetApiKey?: string;
  /** The key of the tenant's testnet ledger; needed for `sdk.testnet()`. */
  testnetApiKey?: string;
  /** Where the ledger server listens, e.g. `http://127.0.0.1:3000` (no path). */
  baseUrl: string;
  /** Time allowed for one attempt, response body included. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt, where retrying is safe. Default 2. */
  maxRetries?: number;
  /** The first retry's delay before jitter; each further retry doubles it. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** The longest delay between two attempts before jitter. Default 8 000 ms. */
  retryMaxDelayMs?: number;
}

/** Overrides for one call, the last argument of every method. */
export interface CallOptions {
  timeoutMs?: number;
  maxRetries?: number;
  /**
   * POST and PUT carry an `Idempotency-Key` (a fresh UUID per call, kept across its retries) so the
   * server can replay instead of repeat. Give your own key to retry a call across processes, or
   * `false` to send none, which also turns retries off for the call.
   */
  idempotencyKey?: string | false;
}

export interface ResolvedConfig {
  readonly mainnetApiKey: string | undefined;
  readonly testnetApiKey: string | undefined;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
}

const CONFIG_KEYS = [
  'mainnetApiKey',
  'testnetApiKey',
  'baseUrl',
  'timeoutMs',
  'maxRetries',
  'retryBaseDelayMs',
  'retryMaxDelayMs',
] as const;
const CALL_OPTION_KEYS = ['timeoutMs', 'maxRetries', 'idempotencyKey'] as const;

function refuseUnknownKeys(what: string, value: object, known: readonly string[]): void {
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new TypeError(`Unknown ${what} key(s): ${unknown.join(', ')}. Known keys: ${known.join(', ')}.`);
  }
}

function count(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(`${name} must be an integer of at least ${min}, got ${String(value)}.`);
  }
  return value;
}

function apiKey(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string.`);
  return value;
}

export function resolveConfig(config: LedgerSdkConfig): ResolvedConfig {
  if (typeof config !== 'object' || config === null) throw new TypeError('LedgerSdk needs a config object.');
  refuseUnknownKeys('LedgerSdk config', config, CONFIG_KEYS);
  if (typeof config.baseUrl !== 'string' || !/^https?:\/\/[^/]/.test(config.baseUrl)) {
    throw new TypeError(`baseUrl must be an http(s) URL, got ${String(config.baseUrl)}.`);
  }
  return {
    mainnetApiKey: apiKey('mainnetApiKey', config.mainnetApiKey),
    testnetApiKey: apiKey('testnetApiKey', config.testnetApiKey),
    // The paths in the operation tables start with a slash.
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    timeoutMs: count('timeoutMs', config.timeoutMs, 30_000, 1),
    maxRetries: count('maxRetries', config.maxRetries, 2, 0),
    retryBaseDelayMs: count('retryBaseDelayMs', config.retryBaseDelayMs, 500, 0),
    retryMaxDelayMs: count('retryMaxDelayMs', config.retryMaxDelayMs, 8_000, 0),
  };
}

export interface ResolvedCallOptions {
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly idempotencyKey: string | false | undefined;
}

export function resolveCallOptions(config: ResolvedConfig, options: CallOptions | undefined): ResolvedCallOptions {
  if (options === undefined) return { ...config, idempotencyKey: undefined };
  if (typeof options !== 'object' || options === null) throw new TypeError('Call options must be an object.');
  refuseUnknownKeys('call option', options, CALL_OPTION_KEYS);
  const key = options.idempotencyKey;
  if (key !== undefined && key !== false && (typeof key !== 'string' || key === '')) {
    throw new TypeError('idempotencyKey must be a non-empty string or false.');
  }
  return {
    timeoutMs: count('timeoutMs', options.timeoutMs, config.timeoutMs, 1),
    maxRetries: count('maxRetries', options.maxRetries, config.maxRetries, 0),
    idempotencyKey: key,
  };
}
