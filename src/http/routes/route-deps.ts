import { RefusalBody, ValidationErrorBody } from '../../contract/common.schema.js';
import type { CompliancePolicy } from '../../domain/compliance/policy.js';
import type { Database } from '../../storage/database.js';

/** What every route plugin is given by buildApp. */
export interface RouteDeps {
  db: Database;
  /** What `compliant: true` checks account creation and payments against. */
  compliance: CompliancePolicy;
}

/** The refusals every ledger route can answer, in the contract's error shape. */
export const refusals = { 400: ValidationErrorBody, 401: RefusalBody, 403: RefusalBody, 500: RefusalBody };
