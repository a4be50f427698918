import { resolve } from 'node:path';
import { configFromEnv } from '../../config.js';
import { askForBackup, NoBackupServerError } from '../../storage/backup-socket.js';
import { DataDirLockedError } from '../../storage/data-dir-lock.js';
import { holdsDatabase, isInside } from '../../storage/data-dir-backup.js';
import { defineCommand, UsageError, type CommandContext } from '../command.js';
import { printJson, printLines } from '../output.js';
import { PROGRAM } from '../help.js';

// `ledger backup` and `ledger restore` are the embedded database's (docs/architecture.md): PostgreSQL
// has its own tools, which the README's "Backup and restore" shows. Exit code 2 there, as for a usage
// mistake: the command is not for that database.

/** The line that points a PostgreSQL user to pg_dump and pg_restore; exit code 2. */
export function onPostgres(context: CommandContext, what: 'backup' | 'restore'): number {
  const tool = what === 'backup' ? 'pg_dump --format=custom' : 'pg_restore --no-owner';
  printLines(
    context.stderr,
    `${PROGRAM}: ${what} is for the embedded PGlite; with DATABASE_URL set, use PostgreSQL's ${tool}, then ` +
      `'${PROGRAM} check': see "Backup and restore" in the README.`,
  );
  return 2;
}

/** The embedded database's folder, or undefined on PostgreSQL; refuses a database in memory. */
export function dataDirOf(context: CommandContext): string | undefined {
  const config = configFromEnv(context.env);
  if (config.databaseUrl) return undefined;
  if (config.dataDir.startsWith('memory://')) {
    throw new UsageError(`LEDGER_DATA_DIR is ${config.dataDir}: a database in memory has no folder to back up`);
  }
  return resolve(config.dataDir);
}

export const backup = defineCommand({
  path: ['backup'],
  args: ['<file>'],
  summary: 'Write a consistent copy of the PGlite data folder to a file, while the server runs or not',
  description: [
    'The copy is a gzipped tar of the data folder, taken between two statements: every transaction in it',
    'whole, or not at all. While a server runs on the folder, the server takes it (asked over the',
    "folder's socket, ledger.sock) and its requests wait meanwhile; otherwise this command opens the",
    'folder and takes it. The file is written whole or not at all (FILE.partial, then renamed); one',
    "there already is replaced. 'ledger restore FILE' brings it back into an empty folder. On PostgreSQL",
    '(DATABASE_URL), use pg_dump: see the README.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'Print {file, bytes, takenBy: "server" | "command", pid}' },
  },
  async run(context, { args: [given], options }) {
    const dataDir = dataDirOf(context);
    if (dataDir === undefined) return onPostgres(context, 'backup');
    const file = resolve(given!);
    if (isInside(file, dataDir)) {
      throw new UsageError(`${file} is inside the data folder ${dataDir}: write the backup elsewhere`);
    }
    if (!holdsDatabase(dataDir)) throw new Error(`No database in ${dataDir}: there is nothing to back up.`);

    let taken: { bytes: number; takenBy: 'server' | 'command'; pid: number };
    try {
      const db = await context.database({ migrate: false });
      if (!db.backup) throw new Error('This database is not a PGlite data folder: it cannot be backed up here.');
      taken = { bytes: await db.backup(file), takenBy: 'command', pid: process.pid };
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
      try {
        taken = { ...(await askForBackup(dataDir, file)), takenBy: 'server' };
      } catch (asking) {
        if (!(asking instanceof NoBackupServerError)) throw asking;
        throw new Error(
          `${error.message} That process takes no backups: ${asking.message}. A server takes them while it ` +
            `runs; any other command holds the folder until it ends.`,
        );
      }
    }
    if (options.json) return printJson(context.stdout, { file, ...taken });
    const by = taken.takenBy === 'server' ? `, taken by the running server pid ${taken.pid}` : '';
    printLines(context.stdout, `Backup written to ${file} (${taken.bytes} bytes${by}).`);
  },
});
