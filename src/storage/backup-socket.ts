import { chmod, rm } from 'node:fs/promises';
import net from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';

// A server on a PGlite folder holds the folder's lock (data-dir-lock.ts), so `ledger backup` cannot
// open it; it asks the server instead, over a Unix socket in the folder. The socket is its owner's alone
// (mode 0600): whoever may connect may read the folder itself, so it needs no other authorisation. One
// JSON line each way: {"backup": "/absolute/file"} and {"bytes": n, "pid": p}, or {"error": "…"}.

export const BACKUP_SOCKET = 'ledger.sock';
/** A request is one short line; a longer one is no client of ours. */
const MAX_REQUEST = 64 * 1024;
/** How long a connection may take to send its request. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Linux's limit for a socket's path, sun_path, less its closing NUL. */
const MAX_SOCKET_PATH = 107;

export const backupSocketPath = (dataDir: string) => join(resolve(dataDir), BACKUP_SOCKET);

export interface BackupAnswer {
  bytes: number;
  /** The server process that took it. */
  pid: number;
}

export interface BackupListener {
  /** Refuses new requests, and resolves once those under way are answered; the socket file is removed. */
  close(): Promise<void>;
}

export interface BackupEvents {
  taken(file: string, bytes: number, ms: number): void;
  failed(file: string, error: unknown): void;
}

/** Reads one line from the socket, then hands it over; undefined when the peer sent none. */
function firstLine(socket: net.Socket): Promise<string | undefined> {
  return new Promise((resolveLine) => {
    let text = '';
    const done = (line: string | undefined) => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      resolveLine(line);
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n');
      if (end >= 0) done(text.slice(0, end));
      else if (text.length > MAX_REQUEST) done(undefined);
    };
    const onEnd = () => done(text === '' ? undefined : text);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', () => done(undefined));
  });
}

/**
 * Listens on the socket in `dataDir` for backup requests and answers each with `backup(file)`'s size.
 * The caller holds the folder's lock, so a socket file found there was left by a process that died, and
 * is removed first. Throws when it cannot listen (a path too long for a socket, a read-only folder).
 */
export async function listenForBackups(
  dataDir: string,
  backup: (file: string) => Promise<number>,
  events: BackupEvents,
): Promise<BackupListener> {
  const path = backupSocketPath(dataDir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    throw new Error(`${path} is longer than a socket's path may be (${MAX_SOCKET_PATH} bytes)`);
  }
  await rm(path, { force: true });
  // Connections that have not sent their request yet: closing the listener cuts them, not waits for them.
  const waiting = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    void answer(socket);
  });
  async function answer(socket: net.Socket): Promise<void> {
    waiting.add(socket);
    socket.setTimeout(REQUEST_TIMEOUT_MS, () => socket.destroy());
    const line = await firstLine(socket);
    waiting.delete(socket);
    socket.setTimeout(0);
    if (socket.destroyed) return;
    let reply: object;
    let file: unknown;
    try {
      file = (JSON.parse(line ?? '') as { backup?: unknown }).backup;
    } catch {
      file = undefined;
    }
    if (typeof file !== 'string' || !isAbsolute(file)) {
      reply = { error: 'expected one line: {"backup": "<absolute path of the file to write>"}' };
    } else {
      const began = performance.now();
      try {
        const bytes = await backup(file);
        events.taken(file, bytes, performance.now() - began);
        reply = { bytes, pid: process.pid };
      } catch (error) {
        events.failed(file, error);
        reply = { error: (error as Error).message };
      }
    }
    socket.end(`${JSON.stringify(reply)}\n`);
  }
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(path, () => {
      server.off('error', failed);
      listening();
    });
  });
  // Only this user connects: writing to a socket file is what connecting to it takes.
  await chmod(path, 0o600);
  return {
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        for (const socket of waiting) socket.destroy();
      }),
  };
}

/** No server answers on the folder's socket: none runs, or one that takes no backups holds the folder. */
export class NoBackupServerError extends Error {}

/**
 * Asks the server running on `dataDir` to write a backup to `file` (an absolute path, as the server sees
 * the same file system), and resolves once it has, with its answer. Throws NoBackupServerError when no
 * server answers on the socket, and an Error with the server's message when the backup failed.
 */
export function askForBackup(dataDir: string, file: string): Promise<BackupAnswer> {
  const path = backupSocketPath(dataDir);
  return new Promise((answered, failed) => {
    const socket = net.connect(path);
    let text = '';
    let connected = false;
    socket.on('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify({ backup: resolve(file) })}\n`);
    });
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (connected)
        failed(new Error(`The server's connection broke off during the backup (${error.code ?? error.message}).`));
      else failed(new NoBackupServerError(`no server answers on ${path} (${error.code ?? error.message})`));
    });
    socket.on('end', () => {
      let reply: Partial<BackupAnswer> & { error?: string };
      if (text === '')
        return failed(new Error('The server closed the connection without an answer: no backup was written.'));
      try {
        reply = JSON.parse(text) as typeof reply;
      } catch {
        return failed(new Error(`The server answered what is no backup report: ${JSON.stringify(text.slice(0, 200))}`));
      }
      if (typeof reply.error === 'string') return failed(new Error(reply.error));
      answered({ bytes: Number(reply.bytes), pid: Number(reply.pid) });
    });
  });
}
