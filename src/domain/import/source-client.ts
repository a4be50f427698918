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

/**
 * Requests leave this much further apart than `maxRps` alone would space them: what the source
 * counts is when they arrive, and a few milliseconds of jitter on the way must not put one request
 * too many in its window.
 */
const SPACING_MARGIN = 1.05;

export class SourceClient {
  readonly stats: SourceStats = { requests: 0, throttled: 0, retried: 0 };
  /** The pace now: maxRps, or less after a 429. */
  #rate: number;
  /** When the last request left, and until when nothing may leave (performance.now() ms). */
  #lastSentAt = -Infinity;
  #pausedUntil = 0;
  /** Requests take turns to leave, in the order they asked: this is the end of the line. */
  #line: Promise<void> = Promise.resolve();
  readonly #stopped = new AbortController();
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

  /**
   * Ends every request still waiting or in flight (they reject): the import stops, and requests that
   * ran beside the one that failed must not go on trying in the background.
   */
  stop(): void {
    this.#stopped.abort(new SourceUnavailable('the import stopped'));
  }

  /**
   * Waits for this request's turn, then until it may leave: `1/rate` seconds after the last one left
   * (measured from when it really left, not when it was due), and not before a pause the source asked
   * for ends, even one asked for while this request was waiting.
   */
  async #slot(): Promise<void> {
    const before = this.#line;
    let done!: () => void;
    this.#line = new Promise((resolve) => (done = resolve));
    try {
      await before;
      for (;;) {
        const due = Math.max(this.#pausedUntil, this.#lastSentAt + (1000 / this.#rate) * SPACING_MARGIN);
        const now = performance.now();
        if (due <= now) break;
        await sleep(due - now, undefined, { signal: this.#stopped.signal });
      }
      this.#lastSentAt = performance.now();
    } finally {
      done();
    }
  }

  /** Nothing leaves for `ms`: the source asked us to wait, or is failing. */
  #pause(reason: string, ms: number): void {
    this.options.onPause?.(reason, ms);
    this.#pausedUntil = Math.max(this.#pausedUntil, performance.now() + ms);
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
          signal: AbortSignal.any([AbortSignal.timeout(this.#timeoutMs), this.#stopped.signal]),
        });
      } catch (error) {
        if (this.#stopped.signal.aborted) throw this.#stopped.signal.reason;
        this.#failed(++failures, `${method} ${path}: ${(error as Error).message}`);
        continue;
      }
      const text = await response.text().catch(() => undefined);
      if (response.status === 429) {
        this.stats.throttled++;
        if (++throttled > MAX_THROTTLED) {
          throw new SourceUnavailable(`could not read the source: ${method} ${path}: 429, ${throttled} times`);
        }
        this.#rate = Math.max(this.#rate / 2, Math.min(0.2, this.options.maxRps));
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? 1000;
        this.#pause('the source asked to slow down (429)', Math.min(wait, MAX_RETRY_AFTER_MS));
        continue;
      }
      if (response.status >= 500 || text === undefined) {
        this.#failed(++failures, `${method} ${path}: ${response.status}`);
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
        this.#failed(++failures, `${method} ${path}: an answer that is not JSON`);
        continue;
      }
      return parsed;
    }
  }

  #failed(failures: number, what: string): void {
    if (failures >= this.#maxTries) {
      throw new SourceUnavailable(`could not read the source: ${what}, ${failures} times`);
    }
    this.stats.retried++;
    this.#pause(`${what}; trying again`, Math.min(500 * 2 ** (failures - 1), 30_000));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
