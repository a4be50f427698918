import type { FastifyBaseLogger } from 'fastify';
import { listenForBackups, type BackupListener } from './storage/backup-socket.js';
import type { Database } from './storage/database.js';

/**
 * A server on a PGlite folder takes the backups `ledger backup` asks for while it runs (the folder is
 * locked to it), on the folder's socket. Without the socket (a path too long for one, a folder that
 * refuses it) the server runs all the same, and the log says how to back up then: stopped.
 */
export async function takeBackupsOnRequest(
  db: Database,
  dataDir: string,
  log: FastifyBaseLogger,
): Promise<BackupListener | undefined> {
  const backup = db.backup;
  if (!backup) return undefined;
  try {
    return await listenForBackups(dataDir, backup, {
      taken: (file, bytes, ms) => log.info({ file, bytes, ms: Math.round(ms) }, 'backup written'),
      failed: (file, error) => log.error({ file, err: error }, 'backup failed'),
    });
  } catch (error) {
    log.warn(
      { err: error },
      'this server cannot take backups while it runs: stop it to run `ledger backup` on its data folder',
    );
    return undefined;
  }
}
