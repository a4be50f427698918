import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { staleFiles } from '../../packages/sdk/codegen/files.js';
import { generate } from '../../packages/sdk/codegen/generate.js';
import type { OpenApiDocument } from '../../packages/sdk/codegen/openapi.js';
import { operations } from '../../packages/sdk/src/index.js';
import { exportOpenApi } from '../../scripts/export-openapi.js';
import { suiteTestApp } from '../helpers/test-app.js';

// The SDK's types, operation tables and reference pages are generated from the server's OpenAPI
// document. Changing a route schema without `npm run sdk:generate` fails here.
describe('generated SDK files', (suite) => {
  const t = suiteTestApp(suite);
  let exported: OpenApiDocument;
  before(async () => {
    exported = await exportOpenApi();
  });

  it('the exported document is the one the server serves', async () => {
    const served = await t.client(undefined).get('/openapi.json');
    assert.deepEqual(exported, served.body);
  });

  it('are up to date with the server’s OpenAPI document (else run `npm run sdk:generate`)', async () => {
    const files = await generate(exported, process.cwd());
    assert.deepEqual(await staleFiles(process.cwd(), files), []);
  });

  // A method is named after its operation, but for the PHP SDK's createTrade and createFutureTrade,
  // which both store a trade; deprecated operations are left out, as the PHP SDK leaves them out.
  it('cover every /v3 operation of the document but the deprecated ones', () => {
    const documented = Object.entries(exported.paths).flatMap(([path, item]) =>
      Object.values(item)
        .filter((op) => path.startsWith('/v3/') && !op.deprecated)
        .map((op) => op.operationId),
    );
    const methods = Object.values(operations).flatMap((table) => Object.entries(table));
    const covered = new Set(methods.map(([, op]) => op.operationId));
    assert.deepEqual([...covered].sort(), documented.sort());
    const renamed = methods
      .filter(([name, op]) => name !== op.operationId)
      .map(([name, op]) => `${name} ${op.operationId}`);
    assert.deepEqual(renamed.sort(), ['createFutureTrade storeTrade', 'createTrade storeTrade']);
  });
});
