import { existsSync } from 'node:fs';

/**
 * Imports a module of the compiled dist/. A checkout has none until `npm run build` (which `npm ci`
 * runs) has made it: that is one line to say so, not a stack trace. An installed package always has it.
 */
export async function importBuilt(file) {
  const url = new URL(`../dist/${file}`, import.meta.url);
  if (!existsSync(url)) {
    process.stderr.write(
      `dist/${file} is missing: build it with npm run build (or npm ci, which installs the compiler and builds)\n`,
    );
    process.exit(1);
  }
  return import(url.href);
}
