// One logical call on the wire: attempts with a timeout each, retried with backoff where that is safe
// (retry.ts), and the outcome turned into a value or a LedgerApiError. Uses the global fetch only.

import type { ResolvedCallOptions } from './config.js';
import { errorForResponse, LedgerApiError, LedgerConnectionError, LedgerTimeoutError } from './errors.js';
import type { HttpMethod } from './operation.js';
import {
  backoffDelay,
  isRepeatable,
  isTransient,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  sleep,
  type Outcome,
} from './retry.js';
import { VERSION } from './version.js';

export interface WireRequest {
  method: HttpMethod;
  url: string;
  apiKey: string;
  /** A JSON body, or undefined for none. */
  body: unknown;
}

export interface Backoff {
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
}

type Attempt =
  { ok: true; value: unknown } | { ok: false; error: LedgerApiError; outcome: Outcome; retryAfterMs?: number };

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

async function attempt(request: WireRequest, headers: Record<string, string>, timeoutMs: number): Promise<Attempt> {
  // One signal for the whole attempt, so a body that trickles in slowly times out as well.
  const signal = AbortSignal.timeout(timeoutMs);
  let status: number;
  let body: unknown;
  let retryAfter: string | null;
  let requestId: string | null;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    status = response.status;
    retryAfter = response.headers.get('retry-after');
    requestId = response.headers.get('x-request-id');
    body = parseBody(await response.text(), response.headers.get('content-type'));
  } catch (cause) {
    const error = signal.aborted
      ? new LedgerTimeoutError({
          statusCode: undefined,
          errorCode: 'request.timeout',
          message: `No response from ${request.method} ${request.url} within ${timeoutMs} ms.`,
          cause,
        })
      : new LedgerConnectionError({
          statusCode: undefined,
          errorCode: 'connection.failed',
          message: `Could not reach ${request.method} ${request.url}: ${describe(cause)}`,
          cause,
        });
    return { ok: false, error, outcome: { kind: 'no-response' } };
  }
  if (status >= 200 && status < 300) return { ok: true, value: body };
  const retryAfterMs = parseRetryAfter(retryAfter);
  const error = errorForResponse(status, body, retryAfterMs, requestId ?? undefined);
  return { ok: false, error, outcome: { kind: 'response', status, errorCode: error.errorCode }, retryAfterMs };
}

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // undici reports "fetch failed" and puts the reason (ECONNREFUSED, socket hang up) in `cause`.
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `${cause.message}${inner}`;
}

export async function send(request: WireRequest, options: ResolvedCallOptions, backoff: Backoff): Promise<unknown> {
  const writes = request.method === 'POST' || request.method === 'PUT';
  // One key per logical call, the same on every retry: that is what lets the server replay.
  const idempotencyKey =
    writes && options.idempotencyKey !== false ? (options.idempotencyKey ?? crypto.randomUUID()) : undefined;
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': `tatum-ledger-sdk/${VERSION}`,
    'x-api-key': request.apiKey,
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  const repeatable = isRepeatable(request.method, idempotencyKey !== undefined);

  for (let retries = 0; ; retries++) {
    const result = await attempt(request, headers, options.timeoutMs);
    if (result.ok) return result.value;
    const transient = isTransient(result.outcome, idempotencyKey !== undefined);
    if (!repeatable || retries >= options.maxRetries || !transient) throw result.error;
    const delay = result.retryAfterMs ?? backoffDelay(retries + 1, backoff.retryBaseDelayMs, backoff.retryMaxDelayMs);
    // Waiting minutes inside a call helps nobody; the caller gets the 429 and its retryAfterMs.
    if (delay > MAX_RETRY_AFTER_MS) throw result.error;
    await sleep(delay);
  }
}
