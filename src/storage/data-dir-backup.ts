import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join, relative, resolve, isAbsolute } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { ArchiveError, extractArchive, isLedgerOwnFile, writeArchive } from './data-dir-archive.js';

// A backup of an embedded ledger is its data folder as one gzipped tar, taken through the PGlite that
// has it open: by the server itself while it runs (backup-socket.ts), or by `ledger backup` holding the
// folder's lock while it is stopped. Never a copy of the folder made from outside that process, which
// could catch a page half written.
//
// PGlite runs PostgreSQL in this process's thread: between statements nothing writes to the folder.
// The copy is taken inside both of its mutexes, the one every transaction holds from BEGIN to COMMIT
// and the one every statement holds (the private API pglite.ts uses too), so no transaction is open and
// no statement runs while the files are read. What is committed is in the folder by then: PostgreSQL
// writes the WAL at every commit (synchronous_commit; PGlite only turns off fsync). The folder is thus
// what a stop at that moment would leave, which PostgreSQL opens as it does after any stop; the
// CHECKPOINT just before leaves it little or no WAL to replay. Queries wait while the copy is written.

/** Whether the folder holds a PostgreSQL data folder. */
export function holdsDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/** A backup inside the folder would be copied into the next one, and restored with it. */
export function isInside(file: string, dataDir: string): boolean {
  const path = relative(resolve(dataDir), resolve(file));
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/**
 * Writes a consistent copy of the data folder `dataDir`, open in `pglite`, to `file`: to `file.partial`,
 * flushed, then renamed, so that `file` is whole or absent (an earlier backup there is replaced only
 * by a whole one). Resolves to its size in bytes.
 */
export async function writeBackup(pglite: PGlite, dataDir: string, file: string): Promise<number> {
  if (isInside(file, dataDir)) throw new Error(`${file} is inside the data folder ${dataDir}: write it elsewhere.`);
  const partial = `${file}.partial`;
  try {
    await pglite.exec('CHECKPOINT');
    await pglite._runExclusiveTransaction(() =>
      pglite._runExclusiveQuery(async () => {
        await pglite.syncToFs();
        await writeArchive(dataDir, partial);
      }),
    );
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return (await stat(file)).size;
}

/** The entries of a folder besides this server's own files; none for a folder that is not there. */
export async function dataDirEntries(dataDir: string): Promise<string[]> {
  try {
    return (await readdir(dataDir)).filter((name) => !isLedgerOwnFile(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Writes the backup `file` into `dataDir`, which holds nothing but this server's own files (the caller
 * holds its lock and has checked). On any failure what was written is removed again, so the folder is
 * empty as it was; an archive that is not a data folder's is refused the same way.
 */
export async function restoreBackup(file: string, dataDir: string): Promise<void> {
  try {
    await extractArchive(file, dataDir);
    if (!holdsDatabase(dataDir)) throw new ArchiveError('it holds no PostgreSQL data folder (no PG_VERSION)');
  } catch (error) {
    for (const name of await dataDirEntries(dataDir)) await rm(join(dataDir, name), { recursive: true, force: true });
    if (error instanceof ArchiveError) throw new ArchiveError(`${file} is not a ledger backup: ${error.message}`);
    throw error;
  }
}
