// When a failed attempt may be repeated, and after how long. Only where a repeat cannot do a thing
// twice: reads, and writes that carry an Idempotency-Key (the server replays the first outcome).

import { IDEMPOTENCY_IN_PROGRESS } from './errors.js';
import type { HttpMethod } from './operation.js';

/** A Retry-After longer than this is not waited for: the error is handed to the caller instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** What an attempt ended with, as far as the retry decision cares. */
export type Outcome = { kind: 'response'; status: number; errorCode?: string } | { kind: 'no-response' };

/** Whether a repeat of this request could change the ledger a second time. */
export function isRepeatable(method: HttpMethod, hasIdempotencyKey: boolean): boolean {
  return method === 'GET' || ((method === 'POST' || method === 'PUT') && hasIdempotencyKey);
}

/**
 * Transient failures only: no response at all (connection refused or reset, timeout), 429, 503, and,
 * for a request that carries an Idempotency-Key, 409 `idempotency.key.in.progress` (an earlier attempt
 * of the same call still runs on the server; once it ends, a repeat gets its answer).
 * A 400 or 403 would come back the same; a 500 may have half-happened on a server without
 * idempotency, so it is left to the caller.
 */
export function isTransient(outcome: Outcome, hasIdempotencyKey: boolean): boolean {
  if (outcome.kind === 'no-response') return true;
  if (outcome.status === 409) return hasIdempotencyKey && outcome.errorCode === IDEMPOTENCY_IN_PROGRESS;
  return outcome.status === 429 || outcome.status === 503;
}

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * base·2^(n−1), capped at max, so clients that failed together do not come back together.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (retry - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
