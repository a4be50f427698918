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

describe('architecture', () => {
  it('imports point one way between layers', async () => {
    const wrong: string[] = [];
    for (const file of await sourceFiles('src')) {
      const layer = layerOf(file);
      if (!LAYERS.includes(layer as (typeof LAYERS)[number])) continue;
      const text = await readFile(file, 'utf8');
      for (const [statement, spec] of text.matchAll(/^import[^;]*? from '([^']+)'/gms)) {
        if (!spec!.startsWith('.')) {
          if (layer !== 'http' && layer !== 'cli' && /^fastify|^@fastify/.test(spec!)) wrong.push(`${file} -> ${spec}`);
          continue;
        }
        const target = layerOf(relative(process.cwd(), resolve(dirname(file), spec!)));
        const typeOnly = statement!.startsWith('import type') && target === 'storage';
        if (LAYERS.includes(target as (typeof LAYERS)[number]) && !MAY_IMPORT[layer]!.includes(target) && !typeOnly) {
          wrong.push(`${file} -> ${spec}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });
});
