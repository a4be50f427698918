import { paymentCeiling, type CeilingDatabase } from './db-ceiling.js';
import type { Samples } from './layout.js';
import type { Measured } from './measuring.js';
import type { Ceiling } from './operation.js';
import type { Measurement } from './stats.js';
import { createAccountCeiling, updateCustomerCeiling } from './write-ceilings.js';

// The database ceilings of one run, straight on the seeded database before the server opens it.

export type DatabaseCeilings = { db: Measurement } & Partial<Record<Ceiling, Measurement>>;

/** The payment ceiling always; a write ceiling only when `needed` names it (an operation of the run is compared with it). */
export async function databaseCeilings(
  db: CeilingDatabase,
  run: { ledgerId: string; samples: Samples; workers: number; needed: readonly Ceiling[]; measured: Measured },
): Promise<DatabaseCeilings> {
  const { ledgerId, samples, workers, measured } = run;
  const ceilings: DatabaseCeilings = {
    db: await measured('DB ceiling: payment', (_phase, seconds) =>
      paymentCeiling(db, ledgerId, samples.accounts, workers, seconds),
    ),
  };
  if (run.needed.includes('customer-update')) {
    ceilings['customer-update'] = await measured('DB ceiling: update customer', (_phase, seconds) =>
      updateCustomerCeiling(db, ledgerId, samples.customers, workers, seconds),
    );
  }
  if (run.needed.includes('account-create')) {
    ceilings['account-create'] = await measured('DB ceiling: create account', (_phase, seconds) =>
      createAccountCeiling(db, ledgerId, workers, seconds),
    );
  }
  return ceilings;
}
