import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, it } from 'node:test';

// The arrows point one way: contract <- domain <- http, storage only under domain, and nothing below
// http knows about HTTP. This reads every import of src/ and fails on one that points back. The HTTP
// layer is handed the database, so it may name its type, and only its type.
const LAYERS = ['contract', 'storage', 'domain', 'http', 'cli'] as const;
const MAY_IMPORT: Record<string, readonly string[]> = {
  contract: ['contract'],
  storage: ['storage'],
  domain: ['contract', 'storage', 'domain'],
  http: ['contract', 'domain', 'http'],
  // The CLI, like main.ts, is a composition root: it opens the database itself.
  cli: ['contract', 'domain', 'storage', 'http', 'cli'],
};

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat().filter((f) => f.endsWith('.ts'));
}

const layerOf = (file: string) => relative('src', file).split('/')[0]!;

interface Dependency {
  spec: string;
  /** `import type` or `export type`: erased when compiled, so it names a type and loads nothing. */
  typeOnly: boolean;
}

/** Every module a file depends on: `import … from`, `export … from`, `import '…'` and `import('…')`. */
function dependenciesOf(text: string): Dependency[] {
  const found: Dependency[] = [];
  for (const [, , type, spec] of text.matchAll(/^(import|export)(\s+type\b)?[^;]*?\bfrom\s*'([^']+)'/gms))
    found.push({ spec: spec!, typeOnly: type !== undefined });
  for (const [, spec] of text.matchAll(/^import\s*'([^']+)'/gm)) found.push({ spec: spec!, typeOnly: false });
  for (const [, spec] of text.matchAll(/\bimport\(\s*['"`]([^'"`]+)['"`]\s*\)/g))
    found.push({ spec: spec!, typeOnly: false });
  return found;
}

/**
 * What a server keeps in memory belongs to its ledger (domain/create-ledger.ts), made and closed with it.
 * A Map or WeakMap made when a module loads is shared by every ledger of the process instead, as the
 * a registry keyed by the database handle would be. The few allowed say why.
 */
const MODULE_MAPS_ALLOWED: Record<string, string> = {
  'src/http/validation-echo.ts': 'the JSON size of a request value, by the value itself: nothing per database',
};

/** The names of the Maps, WeakMaps and WeakSets a module makes when it loads (top-level or static). */
function moduleLevelMaps(text: string): string[] {
  const made = String.raw`[^=\n]*=\s*new\s+(?:WeakMap|WeakSet|Map)\b`;
  const patterns = [
    new RegExp(String.raw`^(?:export\s+)?(?:const|let|var)\s+(\w+)${made}`, 'gm'),
    new RegExp(String.raw`^\s+(?:(?:private|protected|public)\s+)?static\s+(?:readonly\s+)?(\w+)${made}`, 'gm'),
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

describe('architecture', () => {
  it('reads every form of dependency', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import {\n  c,\n  d,\n} from './cd.js';",
      "export { e } from './e.js';",
      "export * from './f.js';",
      "export type { G } from './g.js';",
      "import './h.js';",
      "const i = await import('./i.js');",
      'export const j = 1;',
    ].join('\n');
    assert.deepEqual(dependenciesOf(text), [
      { spec: './a.js', typeOnly: false },
      { spec: './b.js', typeOnly: true },
      { spec: './cd.js', typeOnly: false },
      { spec: './e.js', typeOnly: false },
      { spec: './f.js', typeOnly: false },
      { spec: './g.js', typeOnly: true },
      { spec: './h.js', typeOnly: false },
      { spec: './i.js', typeOnly: false },
    ]);
  });

  it('finds the maps a module makes when it loads, and only those', () => {
    const text = [
      'const caches = new WeakMap<object, Cache>();',
      'export const byName: Map<string, number> = new Map();',
      'class Registry {',
      '  private static readonly all = new Map<string, Registry>();',
      '  private readonly mine = new Map<string, number>();',
      '}',
      'function local() {',
      '  const seen = new Map();',
      '}',
      'const CODES = new Set([1, 2]);',
    ].join('\n');
    assert.deepEqual(moduleLevelMaps(text), ['caches', 'byName', 'all']);
  });

  it('keeps nothing per database in a module: no Map or WeakMap made at load, no WeakMap in domain or http', async () => {
    const found: string[] = [];
    for (const file of await sourceFiles('src')) {
      if (file in MODULE_MAPS_ALLOWED) continue;
      const text = await readFile(file, 'utf8');
      for (const name of moduleLevelMaps(text)) found.push(`${file}: ${name}`);
      if (['domain', 'http'].includes(layerOf(file)) && /\bWeakMap\b/.test(text)) found.push(`${file}: WeakMap`);
    }
    assert.deepEqual(found, []);
  });

  it('imports point one way between layers', async () => {
    const wrong: string[] = [];
    for (const file of await sourceFiles('src')) {
      const layer = layerOf(file);
      if (!LAYERS.includes(layer as (typeof LAYERS)[number])) continue;
      const text = await readFile(file, 'utf8');
      for (const { spec, typeOnly: namesOnlyAType } of dependenciesOf(text)) {
        if (!spec.startsWith('.')) {
          if (layer !== 'http' && layer !== 'cli' && /^fastify|^@fastify/.test(spec)) wrong.push(`${file} -> ${spec}`);
          continue;
        }
        const target = layerOf(relative(process.cwd(), resolve(dirname(file), spec)));
        const typeOnly = namesOnlyAType && target === 'storage';
        if (LAYERS.includes(target as (typeof LAYERS)[number]) && !MAY_IMPORT[layer]!.includes(target) && !typeOnly) {
          wrong.push(`${file} -> ${spec}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
});
