import { setTimeout as sleep } from 'node:timers/promises';

// The import's only way to the source ledger: Tatum's public API with the user's key, read-only
// (docs/decisions/0038-ledger-import.md). It is a polite client: requests are spaced to at most
// `maxRps` a second; a 429 waits as long as its Retry-After says and halves the pace, which then
// creeps back up; a 5xx, a dropped connection or a timeout is tried again with a growing pause. A
// POST here is a search (transactions, trades), never a write.

export interface SourceOptions {
  /** The source's base URL, e.g. https://api.tatum.io */
  base: string;
  /** The user's API key at the source. */
  key: string;
  /** Requests a second at most. */
  maxRps: number;
  /** Tries of one request on a 5xx, a timeout or a dropped connection; 429s do not count. */
  maxTries?: number;
  /** How long one request may take. */
  timeoutMs?: number;
  /** Called before every pause, for the progress line. */
  onPause?: (reason: string, ms: number) => void;
}

/** The source answered a 4xx other than 429: a request the import cannot get past by waiting. */
export class SourceRefusal extends Error {
  override name = 'SourceRefusal';
  constructor(
    readonly status: number,
    readonly errorCode: string | undefined,
    readonly path: string,
    detail: string,
  ) {
    super(`the source answered ${status}${errorCode ? ` ${errorCode}` : ''} to ${path}: ${detail}`);
  }
}

/** The source could not be read after every try. */
export class SourceUnavailable extends Error {
  override name = 'SourceUnavailable';
}

export interface SourceStats {
  requests: number;
  /** 429 answers. */
  throttled: number;
  /** Tries again after a 5xx, a timeout or a dropped connection. */
  retried: number;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** 429s one request may get before the import gives up: an hour or more of waiting. */
const MAX_THROTTLED = 100;

export class SourceClient {
  readonly stats: SourceStats = { requests: 0, throttled: 0, retried: 0 };
  /** The pace now: maxRps, or less after a 429. */
  #rate: number;
  /** When the next request may leave (performance.now() ms). */
  #nextAt = 0;
  readonly #maxTries: number;
  readonly #timeoutMs: number;

  constructor(private readonly options: SourceOptions) {
    if (!(options.maxRps > 0)) throw new RangeError('maxRps must be above 0');
    this.#rate = options.maxRps;
    this.#maxTries = options.maxTries ?? 8;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  get(path: string): Promise<unknown> {
    return this.#send('GET', path);
  }

  /** A search with a body: Tatum's ledger finds are POSTs that change nothing. */
  search(path: string, body: unknown): Promise<unknown> {
    return this.#send('POST', path, body);
  }

  /** Waits for this request's slot: requests leave at most `#rate` a second, in order of asking. */
  async #slot(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.#nextAt);
    this.#nextAt = at + 1000 / this.#rate;
    if (at > now) await sleep(at - now);
  }

  async #pause(reason: string, ms: number): Promise<void> {
    this.options.onPause?.(reason, ms);
    // Nothing leaves while the source asked us to wait.
    this.#nextAt = Math.max(this.#nextAt, performance.now() + ms);
    await sleep(ms);
  }

  async #send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    let failures = 0;
    let throttled = 0;
    for (;;) {
      await this.#slot();
      this.stats.requests++;
      let response: Response;
      try {
        response = await fetch(new URL(path, this.options.base), {
          method,
          headers: {
            'x-api-key': this.options.key,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (error) {
        await this.#failed(++failures, `${method} ${path}: ${(error as Error).message}`);
        continue;
      }
      const text = await response.text().catch(() => undefined);
      if (response.status === 429) {
        this.stats.throttled++;
        if (++throttled > MAX_THROTTLED) throw new SourceUnavailable(`${method} ${path}: 429, ${throttled} times`);
        this.#rate = Math.max(this.#rate / 2, Math.min(0.2, this.options.maxRps));
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? 1000;
        await this.#pause('the source asked to slow down (429)', Math.min(wait, MAX_RETRY_AFTER_MS));
        continue;
      }
      if (response.status >= 500 || text === undefined) {
        await this.#failed(++failures, `${method} ${path}: ${response.status}`);
        continue;
      }
      if (response.status >= 400) {
        const refusal = parseJson(text) as { errorCode?: string; message?: string } | undefined;
        throw new SourceRefusal(response.status, refusal?.errorCode, path, refusal?.message ?? text.slice(0, 200));
      }
      // Back towards the pace asked for, a little with every answer.
      this.#rate = Math.min(this.options.maxRps, this.#rate + this.options.maxRps / 20);
      if (text === '') return undefined;
      const parsed = parseJson(text);
      // A body cut short by a proxy is as good as no answer.
      if (parsed === undefined) {
        await this.#failed(++failures, `${method} ${path}: an answer that is not JSON`);
        continue;
      }
      return parsed;
    }
  }

  async #failed(failures: number, what: string): Promise<void> {
    if (failures >= this.#maxTries) throw new SourceUnavailable(`${what}, ${failures} times`);
    this.stats.retried++;
    await this.#pause(`${what}; trying again`, Math.min(500 * 2 ** (failures - 1), 30_000));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
