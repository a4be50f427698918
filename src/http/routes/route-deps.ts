import { ErrorBody } from '../../contract/common.schema.js';
import type { Database } from '../../storage/database.js';

/** What every route plugin is given by buildApp. */
export interface RouteDeps {
  db: Database;
}

/** The refusals every ledger route can answer, in the contract's error shape. */
export const refusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };
