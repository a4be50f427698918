import type { Database } from '../../storage/database.js';
import { appliedMigrations, loadMigrations } from '../../storage/migrate.js';

/** `reason` is safe to show anyone; `cause`, the database's own error, is for the log only. */
export type Readiness = { ready: true; migrations: number } | { ready: false; reason: string; cause?: unknown };

// A database that does not answer must fail the probe, not hang it: pg waits for a connection without
// a time limit, and a load balancer's probe would time out with no reason given.
const DATABASE_TIMEOUT_MS = 2000;

let expected: Promise<number[]> | undefined;

/** The migrations this build ships, read once: they cannot change while the process runs. */
function shippedVersions(): Promise<number[]> {
  expected ??= loadMigrations().then((migrations) => migrations.map((m) => m.version));
  return expected;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Ready when the database answers and every migration this build ships is applied. Migrations a newer
 * build added after this server started are not looked for: a start of this build on that database is
 * refused (storage/migrate.ts), and the README's upgrade stops every server before migrating.
 */
export async function checkReadiness(db: Database): Promise<Readiness> {
  let applied: Set<number>;
  try {
    applied = await withTimeout(appliedMigrations(db), DATABASE_TIMEOUT_MS);
  } catch (error) {
    // An undefined table (42P01) means no migration ran at all; anything else, no usable database.
    if ((error as { code?: string }).code === '42P01') return { ready: false, reason: 'no migration is applied' };
    return { ready: false, reason: 'the database does not answer', cause: error };
  }
  const shipped = await shippedVersions();
  const pending = shipped.filter((version) => !applied.has(version));
  if (pending.length > 0) return { ready: false, reason: `migrations not applied: ${pending.join(', ')}` };
  return { ready: true, migrations: shipped.length };
}
