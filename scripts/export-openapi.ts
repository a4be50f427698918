// The server's OpenAPI document without listening: buildApp, ready, app.swagger(). The SDK generator
// reads it; `npx tsx scripts/export-openapi.ts [file]` writes it (to stdout without a file).

import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { createLedger } from '../src/domain/create-ledger.js';
import { buildApp } from '../src/http/app.js';
import type { Database, Queryable } from '../src/storage/database.js';
import type { OpenApiDocument } from '../packages/sdk/codegen/openapi.js';

/**
 * A database without rows. The document is a function of the route schemas alone; building on an
 * empty stand-in keeps the export fast and shows that it never depends on stored data.
 */
function emptyDatabase(): Database {
  const empty: Queryable = { query: async () => [], exec: async () => {}, afterCommit: (callback) => callback() };
  return {
    kind: 'pglite',
    ...empty,
    transaction: (work) => work(empty),
    listen: () => ({ stop: async () => {} }),
    close: async () => {},
  };
}

export async function exportOpenApi(): Promise<OpenApiDocument> {
  // Not started: nothing runs in the background while the document is read.
  const ledger = createLedger({ db: emptyDatabase() });
  const app = await buildApp({ ledger });
  try {
    await app.ready();
    // Through JSON, so the result is plain data exactly as /openapi.json serves it.
    return JSON.parse(JSON.stringify(app.swagger())) as OpenApiDocument;
  } finally {
    await app.close();
    await ledger.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const text = `${JSON.stringify(await exportOpenApi(), null, 2)}\n`;
  if (process.argv[2]) await writeFile(process.argv[2], text);
  else process.stdout.write(text);
}
