import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// The one test of the installed shape: bin/ledger.js runs the compiled dist/, as `npx ledger` does.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMPILED = join(ROOT, 'dist', 'cli', 'main.js');

function newestSource(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    }),
  );
}

function compiledIsStale(): boolean {
  try {
    return statSync(COMPILED).mtimeMs < newestSource(join(ROOT, 'src'));
  } catch {
    return true;
  }
}

function ledger(
  env: NodeJS.ProcessEnv,
  ...argv: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'ledger.js'), ...argv], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bin/ledger.js', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    if (compiledIsStale()) {
      const build = spawnSync('npm', ['run', 'build'], {
        cwd: ROOT,
        encoding: 'utf8',
        shell: process.platform === 'win32',
      });
      assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}${build.stderr}`);
    }
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
    // Always the embedded PGlite in a folder of its own, whatever database the rest of the suite uses.
    env = { ...process.env, LEDGER_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a tenant with --json, and lists its two keys in a later run', async () => {
    const created = await ledger(env, 'tenants', 'create', 'acme', '--json');
    assert.equal(created.code, 0, created.stderr);
    const { tenant, keys } = JSON.parse(created.stdout);
    assert.equal(tenant.name, 'acme');
    assert.match(keys.mainnet, /^main_/);
    assert.match(keys.testnet, /^test_/);

    const listed = await ledger(env, 'keys', 'list', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      JSON.parse(listed.stdout).map((k: { tenant: string; network: string }) => [k.tenant, k.network]),
      [
        ['acme', 'mainnet'],
        ['acme', 'testnet'],
      ],
    );
  });
});

describe('bin/ without a built dist/', () => {
  // A checkout before `npm run build`: the same bin files, in a folder with no dist/ beside them.
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-bin-'));
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [file, missing] of [
    ['ledger.js', 'dist/cli/main.js'],
    ['start.js', 'dist/main.js'],
  ] as const) {
    it(`${file} says in one line to build, with exit code 1`, () => {
      const run = spawnSync(process.execPath, [join(dir, 'bin', file)], { cwd: dir, encoding: 'utf8' });
      assert.equal(run.status, 1);
      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr,
        `${missing} is missing: build it with npm run build (or npm ci, which installs the compiler and builds)\n`,
      );
    });
  }
});
