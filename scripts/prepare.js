#!/usr/bin/env node
// package.json's `prepare`. npm runs it after `npm install` or `npm ci` in a checkout (so the README's
// `npm ci && npm start` builds dist/) and before `npm pack` and `npm publish` pack the files. It is the
// one hook that builds: a pack runs `prepack` and then `prepare`, so a build in `prepack` too would
// build twice.
//
// The build needs the TypeScript compiler, a dev dependency. A production install of a checkout whose
// dist/ is built (`npm ci --omit=dev`) has none, and a plain `tsc` would fail it; there this does
// nothing. A pack without the compiler stops instead: the tarball would carry a dist/ nobody built for
// it. A pack also builds into an empty dist/, so that no file compiled from a source since removed is
// shipped.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const packing = process.env.npm_command === 'pack' || process.env.npm_command === 'publish';

function hasCompiler() {
  try {
    createRequire(import.meta.url).resolve('typescript');
    return true;
  } catch {
    return false;
  }
}

if (!hasCompiler()) {
  if (packing) {
    console.error(`npm ${process.env.npm_command} builds dist/ first and needs the dev dependencies: run npm ci`);
    process.exit(1);
  }
  console.log('No TypeScript compiler (an install without dev dependencies): dist/ is used as it is');
  process.exit(0);
}

if (packing) rmSync(new URL('../dist/', import.meta.url), { recursive: true, force: true });
// `npm run build`, with the npm that runs this script, so that the build has one definition.
const npm = process.env.npm_execpath;
const build = npm
  ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit' })
  : spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(build.status ?? 1);
