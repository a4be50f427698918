// `npm run sdk:generate`: the SDK's types, operation tables and reference pages from the server's
// OpenAPI document. `-- --check` only reports stale files (exit 1), as the staleness test does.

import { fileURLToPath } from 'node:url';
import { staleFiles, writeFiles } from '../packages/sdk/codegen/files.js';
import { generate } from '../packages/sdk/codegen/generate.js';
import { exportOpenApi } from './export-openapi.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const files = await generate(await exportOpenApi(), root);
const stale = await staleFiles(root, files);
if (process.argv.includes('--check')) {
  if (stale.length > 0) {
    console.error(`Stale, run npm run sdk:generate:\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log('The generated SDK files are up to date.');
} else {
  await writeFiles(root, files);
  console.log(stale.length > 0 ? `Updated:\n  ${stale.join('\n  ')}` : 'Already up to date.');
}
