import { ERRORS, renderMessage, type ErrorName, type ErrorParams } from '../contract/errors.js';

/** A refusal the domain names by reason; the HTTP layer turns it into the registry's status and body. */
export class LedgerError extends Error {
  readonly errorCode: string;
  readonly status: number;

  constructor(
    readonly reason: ErrorName,
    readonly params: ErrorParams = {},
  ) {
    const definition = ERRORS[reason];
    super(renderMessage(definition.message, params));
    this.name = 'LedgerError';
    this.errorCode = definition.errorCode;
    this.status = definition.status;
  }
}

// Thrown by the storage layer, not the domain, on any use case: a lost connection to the database.
export { DatabaseUnavailableError } from '../storage/database.js';
