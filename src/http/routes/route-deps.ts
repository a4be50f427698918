import { RefusalBody, ValidationErrorBody } from '../../contract/common.schema.js';
import type { Ledger } from '../../domain/create-ledger.js';

/** What every route plugin is given by buildApp. */
export interface RouteDeps {
  /** The server's services: `db` for the services, `compliance` for account creation and payments. */
  ledger: Ledger;
}

/** The refusals every ledger route can answer, in the contract's error shape. */
export const refusals = { 400: ValidationErrorBody, 401: RefusalBody, 403: RefusalBody, 500: RefusalBody };
