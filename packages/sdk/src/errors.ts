// One base class for everything a call can fail with, and a subclass per kind, chosen by status, so
// callers can `catch (e) { if (e instanceof LedgerRefusalError && e.errorCode === 'customer.active') … }`.
// The fields are the server's error body (docs/decisions/0005-error-bodies-and-statuses.md): statusCode,
// errorCode, message, data; and the response's x-request-id, which finds the call in the server's logs.

export interface LedgerErrorFields {
  /** The HTTP status; undefined when no response arrived. */
  statusCode: number | undefined;
  errorCode: string;
  message: string;
  /** Details, e.g. the validation items of a 400 `validation.failed`. */
  data?: unknown[] | undefined;
  /** The response's `x-request-id`; undefined when no response arrived (or it had none). */
  requestId?: string | undefined;
  cause?: unknown;
}

export class LedgerApiError extends Error {
  readonly statusCode: number | undefined;
  readonly errorCode: string;
  readonly data: unknown[] | undefined;
  /** The response's `x-request-id`: the server logs the call under it (`reqId`). */
  readonly requestId: string | undefined;

  constructor(fields: LedgerErrorFields) {
    super(fields.message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = new.target.name;
    this.statusCode = fields.statusCode;
    this.errorCode = fields.errorCode;
    this.data = fields.data;
    this.requestId = fields.requestId;
  }
}

/** 400: the request broke a documented bound; also thrown by the SDK's own checks, before sending. */
export class LedgerValidationError extends LedgerApiError {}

/** 401: the API key is missing, unknown, or its tenant is no longer active. */
export class LedgerAuthenticationError extends LedgerApiError {}

/** 403: a ledger rule refused the operation (`customer.active`, `account.balance.non.zero`, …). */
export class LedgerRefusalError extends LedgerApiError {}

/** 429: too many requests; `retryAfterMs` is the server's Retry-After, when it sent one. */
export class LedgerRateLimitError extends LedgerApiError {
  readonly retryAfterMs: number | undefined;
  constructor(fields: LedgerErrorFields & { retryAfterMs?: number | undefined }) {
    super(fields);
    this.retryAfterMs = fields.retryAfterMs;
  }
}

/**
 * 409 `idempotency.key.in.progress`: a request with the same Idempotency-Key is still being processed
 * (the first attempt of this call, still running on the server). Retried like a 429, after the server's
 * Retry-After; thrown once the retries are used up. Repeating it later answers the first attempt's outcome.
 */
export class LedgerIdempotencyInProgressError extends LedgerApiError {
  readonly retryAfterMs: number | undefined;
  constructor(fields: LedgerErrorFields & { retryAfterMs?: number | undefined }) {
    super(fields);
    this.retryAfterMs = fields.retryAfterMs;
  }
}

export const IDEMPOTENCY_IN_PROGRESS = 'idempotency.key.in.progress';

/** 5xx: the server failed; its internals are not in the message. */
export class LedgerServerError extends LedgerApiError {}

/** No response: the connection failed or was reset. */
export class LedgerConnectionError extends LedgerApiError {}

/** No response within the timeout. */
export class LedgerTimeoutError extends LedgerConnectionError {}

/** The error for a response with a non-2xx status. */
export function errorForResponse(
  statusCode: number,
  body: unknown,
  retryAfterMs: number | undefined,
  requestId: string | undefined,
): LedgerApiError {
  const wire = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const fields: LedgerErrorFields = {
    statusCode,
    errorCode: typeof wire.errorCode === 'string' ? wire.errorCode : `http.${statusCode}`,
    message:
      typeof wire.message === 'string'
        ? wire.message
        : `HTTP ${statusCode}${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`,
    data: Array.isArray(wire.data) ? wire.data : undefined,
    requestId,
  };
  if (statusCode === 400) return new LedgerValidationError(fields);
  if (statusCode === 401) return new LedgerAuthenticationError(fields);
  if (statusCode === 403) return new LedgerRefusalError(fields);
  if (statusCode === 409 && fields.errorCode === IDEMPOTENCY_IN_PROGRESS) {
    return new LedgerIdempotencyInProgressError({ ...fields, retryAfterMs });
  }
  if (statusCode === 429) return new LedgerRateLimitError({ ...fields, retryAfterMs });
  if (statusCode >= 500) return new LedgerServerError(fields);
  return new LedgerApiError(fields);
}
