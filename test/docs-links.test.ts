import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

// Every document the repository points its readers at must be in the repository: the docs/ pages that
// comments and pages name, and the targets of relative Markdown links. A comment that cites a document
// nobody can open is a dead end for the next contributor. See docs/README.md for what is there.

const ROOT = process.cwd();
const SCANNED_DIRS = ['src', 'test', 'packages', 'bench', 'scripts', 'migrations', 'compat', 'docs'];
const SCANNED_EXTENSIONS = new Set(['.ts', '.js', '.sql', '.md']);
// Installed or built output, never written by hand.
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data', 'test-output']);

// A `docs/…md` path, also after `./` or `../`, but not inside a longer path or a URL (`/docs/json`).
const DOCS_PATH = /(?<![\w/.-])(?:\.{1,2}\/)*(docs\/[\w./-]*?\.md)(?![\w-])/g;
// A Markdown link or image target, without an optional title: `](target)` or `](target "title")`.
const MARKDOWN_LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
// Documents that are not part of the repository: a citation of one is a dead end for every reader.
// Cited by file name, or by the section sign after its name.
const OUTSIDE_DOCUMENTS = new RegExp(String.raw`\b(?:DECISIONS|CONTRACT(?:-2)?)\.md\b|\bCONTRACT(?:-2)? §`, 'g');

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory())
        return entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(path);
      return SCANNED_EXTENSIONS.has(extname(entry.name)) ? [path] : [];
    }),
  );
  return nested.flat();
}

async function scannedFiles(): Promise<string[]> {
  const topLevel = (await readdir(ROOT, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(ROOT, entry.name));
  const nested = await Promise.all(SCANNED_DIRS.map((dir) => filesUnder(join(ROOT, dir))));
  return [...topLevel, ...nested.flat()].sort();
}

interface Reference {
  /** `path:line` of the mention, relative to the repository. */
  at: string;
  text: string;
  /** The repository path it points at, when it points at one. */
  target?: string;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** A link target that is not a file of this repository: a URL, an e-mail address, an anchor, a template. */
function isExternalOrAnchor(target: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('/') || target.includes('${')
  );
}

function referencesIn(file: string, text: string): Reference[] {
  const name = relative(ROOT, file);
  const found: Reference[] = [];
  for (const match of text.matchAll(DOCS_PATH)) {
    // Every docs/ page lives at the repository's root, whichever file names it.
    found.push({ at: `${name}:${lineOf(text, match.index!)}`, text: match[0], target: match[1]! });
  }
  // In code, `](…)` is Markdown being generated, relative to where it is written, not to the code.
  if (extname(file) === '.md') {
    for (const match of text.matchAll(MARKDOWN_LINK)) {
      const link = match[1]!;
      if (isExternalOrAnchor(link)) continue;
      const path = decodeURI(link.split('#')[0]!.split('?')[0]!);
      const target = relative(ROOT, resolve(dirname(file), path));
      found.push({ at: `${name}:${lineOf(text, match.index!)}`, text: link, target });
    }
  }
  return found;
}

function pointsIntoRepository(target: string): boolean {
  const path = normalize(target);
  return !path.startsWith('..') && existsSync(join(ROOT, path));
}

describe('documents the repository refers to', () => {
  it('every docs/ path and relative Markdown link names a file or folder of the repository', async () => {
    const dead: string[] = [];
    let checked = 0;
    for (const file of await scannedFiles()) {
      for (const reference of referencesIn(file, await readFile(file, 'utf8'))) {
        checked += 1;
        if (!pointsIntoRepository(reference.target!)) dead.push(`${reference.at}: ${reference.text}`);
      }
    }
    assert.ok(checked > 0, 'no reference found at all: the scan itself is broken');
    assert.equal(dead.length, 0, `references to documents that do not exist:\n${dead.join('\n')}`);
  });

  it('nothing cites a document that is not in the repository', async () => {
    const outside: string[] = [];
    for (const file of await scannedFiles()) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(OUTSIDE_DOCUMENTS)) {
        outside.push(`${relative(ROOT, file)}:${lineOf(text, match.index!)}: ${match[0]}`);
      }
    }
    assert.equal(outside.length, 0, `documents outside the repository cited:\n${outside.join('\n')}`);
  });
});
