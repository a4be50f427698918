import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, readdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip, constants as zlib } from 'node:zlib';

// A PGlite data folder as a gzipped tar archive (POSIX ustar), written and read as a stream: a file at
// a time, never the whole folder in memory. PGlite's own dumpDataDir() reads every file into memory at
// once, and fails on any file that is neither a file nor a folder, such as the socket a running server
// listens on there (backup-socket.ts). Archives of both kinds are read: loadDataDir() takes ours too.

const BLOCK = 512;
/** Read and written a piece at a time, so that a segment file of 1 GB never sits in memory whole. */
const PIECE = 1024 * 1024;
/** ustar's size field: 11 octal digits. */
const MAX_SIZE = 8 ** 11 - 1;

/** The folder's files that are this server's, not PostgreSQL's: never archived, never restored. */
export function isLedgerOwnFile(name: string): boolean {
  return name === 'ledger.lock' || name === 'ledger.sock' || name.startsWith('ledger.lock.stale-');
}

/** Not an archive of a data folder, or a damaged one. */
export class ArchiveError extends Error {}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

/** ustar keeps a path of up to 255 bytes as a prefix of up to 155 and a name of up to 100, split at a '/'. */
function splitPath(path: string): [prefix: string, name: string] {
  if (Buffer.byteLength(path) <= 100) return ['', path];
  for (let at = path.indexOf('/'); at > 0; at = path.indexOf('/', at + 1)) {
    const [prefix, name] = [path.slice(0, at), path.slice(at + 1)];
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return [prefix, name];
  }
  throw new ArchiveError(`${path}: too long a path for the archive`);
}

function header(path: string, type: 'file' | 'folder', size: number, mode: number, mtime: Date): Buffer {
  if (size > MAX_SIZE) throw new ArchiveError(`${path}: too large a file for the archive`);
  const block = Buffer.alloc(BLOCK);
  const [prefix, name] = splitPath(path);
  block.write(name, 0, 100, 'utf8');
  octal(block, 100, 8, mode & 0o7777);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, Math.max(0, Math.floor(mtime.getTime() / 1000)));
  block.write(type === 'file' ? '0' : '5', 156, 1, 'ascii');
  block.write('ustar\0', 257, 6, 'ascii');
  block.write('00', 263, 2, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  // The checksum is taken with its own field as spaces.
  block.fill(' ', 148, 156);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return block;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** A file's bytes in pieces; exactly `size` of them, as its header says, or an error. */
async function* fileData(path: string, size: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    for (let done = 0; done < size;) {
      const piece = Buffer.alloc(Math.min(PIECE, size - done));
      const { bytesRead } = await handle.read(piece, 0, piece.length, done);
      if (bytesRead === 0) throw new ArchiveError(`${path} shrank while it was archived`);
      done += bytesRead;
      yield bytesRead === piece.length ? piece : piece.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
  yield padding(size);
}

/** The archive's blocks for the folder `root`, from its subfolder `within`, in name order. */
async function* archived(root: string, within = ''): AsyncGenerator<Buffer> {
  for (const name of (await readdir(join(root, within))).sort()) {
    if (within === '' && isLedgerOwnFile(name)) continue;
    const path = within === '' ? name : `${within}/${name}`;
    const info = await lstat(join(root, path));
    if (info.isDirectory()) {
      yield header(`${path}/`, 'folder', 0, info.mode, info.mtime);
      yield* archived(root, path);
    } else if (info.isFile()) {
      yield header(path, 'file', info.size, info.mode, info.mtime);
      yield* fileData(join(root, path), info.size);
    } else {
      // PostgreSQL keeps files and folders only; a link or a device here is not its.
      throw new ArchiveError(`${join(root, path)} is neither a file nor a folder: it cannot be archived`);
    }
  }
  if (within === '') yield Buffer.alloc(2 * BLOCK);
}

/**
 * Writes the data folder `dataDir` to `file` as a gzipped tar, without this server's own files. Nothing
 * may write to the folder meanwhile: the caller holds the database still (data-dir-backup.ts). Resolves
 * once the file is written and flushed to the disk.
 */
export async function writeArchive(dataDir: string, file: string): Promise<void> {
  // The fastest level: the database waits while the copy is taken, and its pages compress well anyway.
  await pipeline(archived(resolve(dataDir)), createGzip({ level: zlib.Z_BEST_SPEED }), createWriteStream(file));
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Bytes of a stream, taken exactly as many at a time as asked. */
class Taker {
  #pieces: Buffer[] = [];
  #length = 0;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** `n` bytes, or fewer at the end of the stream. */
  async take(n: number): Promise<Buffer> {
    while (this.#length < n) {
      const next = await this.source.next();
      if (next.done) break;
      this.#pieces.push(next.value);
      this.#length += next.value.length;
    }
    const all = this.#pieces.length === 1 ? this.#pieces[0]! : Buffer.concat(this.#pieces);
    const taken = all.subarray(0, n);
    const rest = all.subarray(taken.length);
    this.#pieces = rest.length > 0 ? [rest] : [];
    this.#length = rest.length;
    return taken;
  }
}

const text = (block: Buffer, offset: number, length: number) =>
  block
    .subarray(offset, offset + length)
    .toString('utf8')
    .replace(/\0.*$/s, '');

function readOctal(block: Buffer, offset: number, length: number): number {
  const digits = text(block, offset, length).trim();
  if (!/^[0-7]*$/.test(digits)) throw new ArchiveError('not a tar archive: a header is damaged');
  return digits === '' ? 0 : parseInt(digits, 8);
}

interface Entry {
  path: string;
  type: 'file' | 'folder';
  size: number;
}

function readHeader(block: Buffer): Entry {
  const recorded = readOctal(block, 148, 8);
  const copy = Buffer.from(block);
  copy.fill(' ', 148, 156);
  if (copy.reduce((total, byte) => total + byte, 0) !== recorded) {
    throw new ArchiveError('not a tar archive, or a damaged one: a header checksum is wrong');
  }
  const name = text(block, 0, 100);
  const prefix = text(block, 257, 6) === 'ustar' ? text(block, 345, 155) : '';
  const path = prefix ? `${prefix}/${name}` : name;
  const flag = text(block, 156, 1);
  if (flag === '5') return { path, type: 'folder', size: 0 };
  if (flag === '0' || flag === '') return { path, type: 'file', size: readOctal(block, 124, 12) };
  throw new ArchiveError(`${path}: an archive entry of a kind a data folder never holds ('${flag}')`);
}

/** The path inside the folder an entry names, or undefined for the folder itself; never outside it. */
function inside(path: string): string | undefined {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.length === 0) return undefined;
  if (parts.includes('..')) throw new ArchiveError(`${path}: an archive entry outside the folder`);
  return parts.join(sep);
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0);
    return magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Writes the files of the archive `file` (gzipped or not) into the folder `into`, which must hold none of
 * them: files are created, never overwritten. Files are readable by their owner only, as the database's
 * should be. Throws ArchiveError for what is no archive of a folder, or a cut one.
 */
export async function extractArchive(file: string, into: string): Promise<void> {
  const root = resolve(into);
  const raw = createReadStream(file);
  const stream = (await isGzip(file)) ? raw.pipe(createGunzip()) : raw;
  // A damaged gzip stream fails the reading, wherever the taker is.
  raw.on('error', (error) => stream.destroy(error));
  const taker = new Taker(stream[Symbol.asyncIterator]());
  try {
    for (;;) {
      const block = await taker.take(BLOCK);
      if (block.length < BLOCK) throw new ArchiveError('the archive ends before its end marker: it was cut short');
      if (block.every((byte) => byte === 0)) return;
      const entry = readHeader(block);
      const path = inside(entry.path);
      const own = path === undefined || (!path.includes(sep) && isLedgerOwnFile(path));
      if (entry.type === 'folder') {
        if (!own) await mkdir(join(root, path), { recursive: true, mode: 0o700 });
      } else {
        const target = own ? undefined : join(root, path);
        if (target) await mkdir(dirname(target), { recursive: true, mode: 0o700 });
        const handle = target ? await open(target, 'wx', 0o600) : undefined;
        try {
          for (let left = entry.size; left > 0;) {
            const piece = await taker.take(Math.min(PIECE, left));
            if (piece.length === 0) throw new ArchiveError('the archive ends inside a file: it was cut short');
            await handle?.write(piece);
            left -= piece.length;
          }
        } finally {
          await handle?.close();
        }
        await taker.take(padding(entry.size).length);
      }
    }
  } catch (error) {
    // zlib's own codes: Z_DATA_ERROR for what is no gzip, Z_BUF_ERROR for a cut one.
    if (!String((error as NodeJS.ErrnoException).code).startsWith('Z_')) throw error;
    throw new ArchiveError(`not a gzipped archive, or a damaged one (${(error as Error).message})`);
  } finally {
    stream.destroy();
    raw.destroy();
  }
}
