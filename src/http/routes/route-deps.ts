import type { Database } from '../../storage/database.js';

/** What every route plugin is given by buildApp. */
export interface RouteDeps {
  db: Database;
}
