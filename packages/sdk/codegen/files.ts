// Comparing generated files with the ones on disk, and writing them.

import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GENERATED_DIRS } from './generate.js';

async function filesUnder(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(root, `${dir}/${e.name}`) : [`${dir}/${e.name}`])),
  );
  return nested.flat();
}

/** Where two texts first differ: the line, and both versions from shortly before the first change. */
function firstDifference(onDisk: string, generated: string): string {
  const a = onDisk.split('\n');
  const b = generated.split('\n');
  const index = a.findIndex((text, i) => text !== b[i]);
  const n = index === -1 ? a.length : index;
  const [x = '', y = ''] = [a[n], b[n]];
  let column = 0;
  while (column < x.length && x[column] === y[column]) column++;
  const from = Math.max(0, column - 40);
  const show = (text: string | undefined) =>
    text === undefined ? '(end of file)' : `${from > 0 ? '…' : ''}${text.slice(from, from + 120).trim()}`;
  return `line ${n + 1}: on disk ${show(a[n])} / generated ${show(b[n])}`;
}

/**
 * The generated files that differ from the ones on disk, each with its first difference, and the files
 * in the generated folders that nothing generates any more.
 */
export async function staleFiles(root: string, files: Map<string, string>): Promise<string[]> {
  const stale: string[] = [];
  for (const [path, text] of files) {
    const current = await readFile(join(root, path), 'utf8').catch(() => undefined);
    if (current === undefined) stale.push(`${path}: missing`);
    else if (current !== text) stale.push(`${path}: ${firstDifference(current, text)}`);
  }
  for (const dir of GENERATED_DIRS) {
    for (const path of await filesUnder(root, dir)) if (!files.has(path)) stale.push(`${path}: no longer generated`);
  }
  return stale.sort();
}

/** Writes `files` and removes what the generated folders hold besides. */
export async function writeFiles(root: string, files: Map<string, string>): Promise<void> {
  for (const dir of GENERATED_DIRS) {
    for (const path of await filesUnder(root, dir)) if (!files.has(path)) await rm(join(root, path));
  }
  for (const [path, text] of files) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}
