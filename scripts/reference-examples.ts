// The reference's examples and code samples (docs/decisions/0047-api-reference-page.md), written to
// src/http/reference/operation-examples.ts:
//   npx tsx scripts/reference-examples.ts --record   runs every SDK example (packages/sdk/examples)
//       against a fresh in-memory server, each with a key of its own, and keeps per operation the first
//       call that succeeded: a real request and its real answer; then writes the samples.
//   npx tsx scripts/reference-examples.ts            writes the samples again from the recorded calls,
//       after a change to the samples' generator or to the SDK's names (nothing is recorded).
//   npx tsx scripts/reference-examples.ts --check    exits 1 when the file is not what the second would write.
// test/http/reference-examples.test.ts checks each recorded call against its schema.

import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { format, resolveConfig } from 'prettier';
import { operations as sdkTables } from '../packages/sdk/src/generated/apis.js';
import { sdkApis, sdkOperations, type SdkMethod } from '../packages/sdk/codegen/methods.js';
import { Models } from '../packages/sdk/codegen/models.js';
import { readOperations, type OpenApiDocument } from '../packages/sdk/codegen/openapi.js';
import { createApiKey, createTenant } from '../src/domain/tenancy/tenancy.service.js';
import type { OperationExample, RecordedExchange } from '../src/http/reference/examples.js';
import { OPERATION_EXAMPLES } from '../src/http/reference/operation-examples.js';
import { openTestDatabase } from '../test/helpers/database.js';
import { startLedgerApp } from '../test/helpers/test-app.js';
import { exportOpenApi } from './export-openapi.js';
import { codeSamples } from './reference/code-samples.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const EXAMPLES_FILE = 'src/http/reference/operation-examples.ts';
const SDK_EXAMPLES = 'packages/sdk/examples';
// Operations no SDK example calls: the deprecated GET forms of the trade lists (called with the key of
// their POST twin's example, whose ledger has trades) and the operator's routes (no key).
const AFTER_EXAMPLES: { operationId: string; url: string; keyOf?: string }[] = [
  { operationId: 'getHistoricalTrades', url: '/v3/trade/history?pageSize=10', keyOf: 'getHistoricalTradesBody' },
  { operationId: 'getBuyTrades', url: '/v3/trade/buy?pageSize=10', keyOf: 'getBuyTradesBody' },
  { operationId: 'getSellTrades', url: '/v3/trade/sell?pageSize=10', keyOf: 'getSellTradesBody' },
  { operationId: 'getHealth', url: '/health' },
  { operationId: 'getReady', url: '/ready' },
  { operationId: 'getMetrics', url: '/metrics' },
];
// The metrics page is long; its first lines show what it is.
const METRICS_LINES = 12;

interface Recorded extends RecordedExchange {
  operationId: string;
  key: string;
}

/** Notes every call the app answers: the body as sent (before validation fills defaults), the answer. */
function recordCalls(app: FastifyInstance, calls: Recorded[]): void {
  const sent = new WeakMap<object, unknown>();
  app.addHook('preValidation', async (request) => {
    if (request.body !== undefined) sent.set(request, structuredClone(request.body));
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const operationId = (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId;
    if (!operationId) return payload;
    const raw = new URL(request.url, 'http://x').searchParams;
    const validated = (request.query ?? {}) as Record<string, unknown>;
    const query = Object.fromEntries([...new Set(raw.keys())].map((name) => [name, validated[name] ?? raw.get(name)]));
    // A 204 has no body, whatever the serializer made of the handler's null.
    const text = typeof payload === 'string' && reply.statusCode !== 204 ? payload : '';
    const json = String(reply.getHeader('content-type')).startsWith('application/json');
    calls.push({
      operationId,
      key: String(request.headers['x-api-key'] ?? ''),
      method: request.method,
      path: request.routeOptions.url!.replace(/:(\w+)/g, '{$1}'),
      params: { ...(request.params as Record<string, string>) },
      query,
      ...(sent.has(request) ? { body: sent.get(request) } : {}),
      status: reply.statusCode,
      ...(text === '' ? {} : json ? { response: JSON.parse(text) } : { responseText: text }),
    });
    return payload;
  });
}

function runExample(file: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited ${code}:\n${errors}`))));
  });
}

/** Runs every SDK example against a fresh server and answers each operation's first successful call. */
async function record(): Promise<Map<string, RecordedExchange>> {
  const db = await openTestDatabase();
  const { app, close } = await startLedgerApp(db);
  const calls: Recorded[] = [];
  recordCalls(app, calls);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const examples = Object.entries(sdkTables).flatMap(([api, table]) =>
      Object.entries(table).map(([method, op]) => ({
        file: `${SDK_EXAMPLES}/${api}/${method}.ts`,
        op: op.operationId,
      })),
    );
    const keys = new Map<string, string>();
    for (const [index, example] of examples.entries()) {
      await createTenant(db, `reference-${index}`);
      keys.set(example.file, (await createApiKey(db, `reference-${index}`, 'testnet')).key);
    }
    // Two at a time: each example is a process of its own, on a key and a ledger of its own.
    const queue = [...examples];
    await Promise.all(
      [1, 2].map(async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          await runExample(next.file, {
            LEDGER_URL: baseUrl,
            LEDGER_API_KEY: keys.get(next.file)!,
            LEDGER_NETWORK: 'testnet',
          });
        }
      }),
    );
    // The first call that succeeded in the examples for the operation (createTrade's, not the refused
    // createFutureTrade's); for an operation that never does (broadcastBlockchainTransaction: this
    // server has no chain node), its refusal.
    const firstSuccess = (operationId: string, ...keysOf: string[]) => {
      const mine = keysOf.flatMap((key) => calls.filter((c) => c.operationId === operationId && c.key === key));
      return mine.find((c) => c.status < 300) ?? mine[0];
    };
    const chosen = new Map<string, Recorded>();
    for (const op of new Set(examples.map((e) => e.op))) {
      const call = firstSuccess(op, ...examples.filter((e) => e.op === op).map((e) => keys.get(e.file)!));
      if (call) chosen.set(op, call);
    }
    for (const extra of AFTER_EXAMPLES) {
      const twin = examples.find((e) => e.op === extra.keyOf);
      const key = twin ? keys.get(twin.file)! : '';
      await fetch(`${baseUrl}${extra.url}`, { headers: key ? { 'x-api-key': key } : {} });
      const call = firstSuccess(extra.operationId, key);
      if (call) chosen.set(extra.operationId, call);
    }
    const metrics = chosen.get('getMetrics');
    if (metrics?.responseText) {
      metrics.responseText = `${metrics.responseText.split('\n').slice(0, METRICS_LINES).join('\n')}\n…\n`;
    }
    return new Map(
      [...chosen].map(([operationId, { operationId: _, key: __, ...exchange }]) => [operationId, exchange]),
    );
  } finally {
    await close();
    await db.close();
  }
}

/** Every operation's samples, written from its recorded call. */
export function renderExamples(
  doc: OpenApiDocument,
  exchanges: Map<string, RecordedExchange>,
): Record<string, OperationExample> {
  const operations = sdkOperations(readOperations(doc));
  const models = Models.fromOperations(operations);
  const methods: SdkMethod[] = sdkApis(operations, models).flatMap((api) => api.methods);
  const result: Record<string, OperationExample> = {};
  for (const [operationId, exchange] of [...exchanges].sort(([a], [b]) => a.localeCompare(b))) {
    const subject = {
      operationId,
      exchange,
      keyed: exchange.path.startsWith('/v3/'),
      sdkMethods: methods.filter((m) => m.operation.operationId === operationId),
      models,
    };
    result[operationId] = { exchange, samples: codeSamples(subject) };
  }
  return result;
}

export async function examplesFileText(examples: Record<string, OperationExample>): Promise<string> {
  const text = [
    '// Generated by `npx tsx scripts/reference-examples.ts` from calls recorded against this server; do not edit.',
    "import type { OperationExample } from './examples.js';",
    '',
    `export const OPERATION_EXAMPLES: Record<string, OperationExample> = ${JSON.stringify(examples, null, 2)};`,
    '',
  ].join('\n');
  const options = (await resolveConfig(`${ROOT}/${EXAMPLES_FILE}`)) ?? {};
  return format(text, { ...options, filepath: EXAMPLES_FILE });
}

async function main(): Promise<void> {
  const doc = await exportOpenApi();
  const stored = new Map(Object.entries(OPERATION_EXAMPLES).map(([id, example]) => [id, example.exchange]));
  const exchanges = process.argv.includes('--record') ? await record() : stored;
  const missing = Object.values(doc.paths)
    .flatMap((item) => Object.values(item).map((op) => op.operationId!))
    .filter((id) => !exchanges.has(id));
  if (missing.length > 0) console.warn(`No recorded call for: ${missing.join(', ')}`);
  const text = await examplesFileText(renderExamples(doc, exchanges));
  const path = `${ROOT}/${EXAMPLES_FILE}`;
  if (process.argv.includes('--check')) {
    if ((await readFile(path, 'utf8')) !== text) {
      console.error(`Stale, run npx tsx scripts/reference-examples.ts: ${EXAMPLES_FILE}`);
      process.exit(1);
    }
    console.log('The reference examples are up to date.');
    return;
  }
  await writeFile(path, text);
  console.log(`Wrote ${exchanges.size} operations to ${EXAMPLES_FILE}.`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
