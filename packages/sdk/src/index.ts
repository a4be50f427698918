// The public surface of tatum-ledger-sdk.

export { LedgerSdk, NetworkCaller } from './sdk.js';
export type { LedgerSdkConfig, CallOptions } from './config.js';
export {
  LedgerApiError,
  LedgerValidationError,
  LedgerAuthenticationError,
  LedgerRefusalError,
  LedgerRateLimitError,
  LedgerIdempotencyInProgressError,
  LedgerServerError,
  LedgerConnectionError,
  LedgerTimeoutError,
} from './errors.js';
export type { ValidationItem } from './validate.js';
export type { Operation, Parameter, Schema } from './operation.js';
export * from './generated/apis.js';
export type * from './generated/models.js';
