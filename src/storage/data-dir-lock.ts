import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

// PGlite is PostgreSQL inside one process, without PostgreSQL's own postmaster.pid check: two processes
// on one folder each keep their own copy of the pages and overwrite each other's writes. So every
// process that opens a folder (the server, each CLI command) takes this lock first.
const LOCK_FILE = 'ledger.lock';

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/** The folder is in use by a live process: the message says which, and what to do. */
export class DataDirLockedError extends Error {
  constructor(dataDir: string, owner: LockOwner | undefined, lockPath: string) {
    const who = owner
      ? `process ${owner.pid} on ${owner.host} (${owner.command}, since ${owner.startedAt})`
      : 'another process';
    super(
      `The data folder ${dataDir} is in use by ${who}. Stop that process first, or set LEDGER_DATA_DIR to ` +
        `another folder; if no such process runs, delete ${lockPath}.`,
    );
  }
}

export interface DataDirLock {
  /** Gives the folder back; safe to call more than once. */
  release(): void;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// The folders this process holds: a lock with this process's pid that is not among them was left by an
// earlier process that had the same pid (a container's process is often pid 1 at every start).
const heldHere = new Set<string>();

/**
 * A lock left by a process that is gone: same host, and its pid no longer runs (or is this process's,
 * which does not hold it). A lock from another host (a folder on a network share) is never taken over:
 * that process cannot be checked from here.
 */
function isStale(owner: LockOwner | undefined, path: string): boolean {
  if (owner === undefined || owner.host !== hostname()) return false;
  return owner.pid === process.pid ? !heldHere.has(path) : !isAlive(owner.pid);
}

/**
 * Takes the folder for this process: creates `ledger.lock` in it exclusively (O_EXCL) with this
 * process's pid, host and start time. A stale lock is moved aside (a rename, so that of two processes
 * taking it over at once only one succeeds) and the creation tried again. Throws DataDirLockedError.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const folder = resolve(dataDir);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, LOCK_FILE);
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' '),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      heldHere.add(path);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      if (attempt > 0 || !isStale(owner, path)) throw new DataDirLockedError(dataDir, owner, path);
      const aside = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, aside);
      } catch (moving) {
        if ((moving as NodeJS.ErrnoException).code !== 'ENOENT') throw moving;
        continue; // another process moved it first; its fresh lock will refuse this one
      }
      // Another process may have taken the folder over between the read and the rename: then what was
      // moved is its live lock, which goes back.
      const moved = readOwner(aside);
      if (moved && !isStale(moved, path)) {
        renameSync(aside, path);
        throw new DataDirLockedError(dataDir, moved, path);
      }
      unlinkSync(aside);
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    heldHere.delete(path);
    process.off('exit', release);
    // Only our own lock: never one another process took over after this one was thought dead.
    const owner = readOwner(path);
    if (owner?.pid === me.pid && owner.startedAt === me.startedAt) unlinkSync(path);
  };
  // A process that exits without closing the database (process.exit, an uncaught error) gives it back too.
  process.on('exit', release);
  return { release };
}
