// docs/decisions/0030-webhook-outbox.md: one try, then 9 retries, the n-th 15·2.7925^(n−1) seconds after
// the try before it failed. The delays add up to 86,403 s: the last try is about 24 hours after the first.

/** Tries of one webhook at most: the first and 9 retries. */
export const MAX_TRIES = 10;
/** The first retry's delay, in milliseconds; each next one is BACKOFF times longer. */
export const RETRY_BASE_MS = 15_000;
const BACKOFF = 2.7925;

/**
 * How long after its `tries`-th failed try (1-based) a webhook is tried again; undefined once it has had
 * every try. `baseMs` is RETRY_BASE_MS but in tests.
 */
export function retryDelayMs(tries: number, baseMs: number = RETRY_BASE_MS): number | undefined {
  if (tries >= MAX_TRIES) return undefined;
  return Math.round(baseMs * BACKOFF ** (tries - 1));
}
