import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { VERSION } from '../../packages/sdk/src/version.js';

const SDK = 'packages/sdk';

async function tsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : [join(dir, e.name)])),
  );
  return nested.flat().filter((f) => f.endsWith('.ts'));
}

async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^;]*? from '([^']+)'/gms)].map((m) => m[1]!);
}

// The SDK is a package of its own: no runtime dependencies, built by its own tsconfig, importable.
describe('SDK package', () => {
  it('declares no runtime dependencies and points exports at its build', async () => {
    const pkg = JSON.parse(await readFile(`${SDK}/package.json`, 'utf8'));
    assert.equal(pkg.dependencies, undefined);
    assert.equal(pkg.peerDependencies, undefined);
    assert.deepEqual(pkg.exports['.'], { types: './dist/index.d.ts', import: './dist/index.js' });
    assert.deepEqual(pkg.files, ['dist', 'README.md']);
    assert.equal(pkg.version, VERSION, 'src/version.ts follows package.json');
  });

  it('its source imports only its own modules: no Node built-ins, no packages, nothing of the server', async () => {
    const outside: string[] = [];
    for (const file of await tsFiles(`${SDK}/src`)) {
      for (const spec of await importsOf(file)) {
        if (!spec.startsWith('./') && !spec.startsWith('../')) outside.push(`${file} -> ${spec}`);
        else if (spec.includes('codegen') || spec.startsWith('../../')) outside.push(`${file} -> ${spec}`);
      }
    }
    assert.deepEqual(outside, []);
  });

  it('examples use the public surface only', async () => {
    const wrong: string[] = [];
    for (const file of await tsFiles(`${SDK}/examples`)) {
      for (const spec of await importsOf(file)) {
        const allowed = file.endsWith('setup.ts')
          ? ['../src/index.js', 'node:crypto']
          : ['../setup.js', '../../src/index.js'];
        if (!allowed.includes(spec)) wrong.push(`${file} -> ${spec}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('builds with its own tsconfig, and the build is importable', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ledger-sdk-build-'));
    try {
      const tsc = spawnSync(
        process.execPath,
        ['node_modules/typescript/bin/tsc', '-p', `${SDK}/tsconfig.build.json`, '--outDir', out],
        { encoding: 'utf8' },
      );
      assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
      const built = await import(pathToFileURL(join(out, 'index.js')).href);
      const sdk = new built.LedgerSdk({ baseUrl: 'http://127.0.0.1:1', testnetApiKey: 'k' });
      assert.equal(typeof sdk.testnet().api().customer().findAllCustomers, 'function');
      assert.ok((await readdir(out)).includes('index.d.ts'));
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
