import { randomBytes } from 'node:crypto';
import { CHANGES_CHANNEL } from '../../src/domain/changes.js';
import type { Ledger } from '../../src/domain/create-ledger.js';
import type { Queryable } from '../../src/storage/database.js';

/**
 * Resolves once `ledger` has heard every change committed on the database before the call, whichever
 * connection or ledger made it: a last announcement is sent (of a key no one has), and the database
 * delivers announcements in the order their transactions committed. On PGlite that is before the
 * statement returns; on PostgreSQL, when the ledger's listening connection reads it.
 */
export async function caughtUp(ledger: Pick<Ledger, 'changes'>, db: Queryable): Promise<void> {
  const marker = `caught-up-${randomBytes(6).toString('hex')}`;
  let unsubscribe!: () => void;
  const heard = new Promise<void>((resolve) => {
    unsubscribe = ledger.changes.subscribe({
      changed: (change) => {
        if ('apiKey' in change && change.apiKey === marker) resolve();
      },
      listening: () => undefined,
      interrupted: () => undefined,
    });
  });
  try {
    await db.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, `api_key:${marker}`]);
    await heard;
  } finally {
    unsubscribe();
  }
}
