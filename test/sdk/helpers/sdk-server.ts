import type { AddressInfo } from 'node:net';
import { LedgerSdk } from '../../../packages/sdk/src/index.js';
import { operations } from '../../../packages/sdk/src/generated/apis.js';
import { startTestApp, type TestApp, type TestAppOptions } from '../../helpers/test-app.js';

export const NETWORKS = ['mainnet', 'testnet'] as const;
export type NetworkName = (typeof NETWORKS)[number];

/** One request the SDK sent, as seen before it left the process. */
interface SentRequest {
  method: string;
  path: string;
  apiKey: string | undefined;
}

export interface SdkServer {
  t: TestApp;
  baseUrl: string;
  sdk: LedgerSdk;
  /** The server's version, as its OpenAPI document states it. */
  openapiVersion: string;
  /**
   * The methods of `api` whose operation was not yet called through the SDK with this network's key
   * (createTrade and createFutureTrade send the same request: either call covers both).
   */
  uncalled(api: keyof typeof operations, network: NetworkName): string[];
  close(): Promise<void>;
}

const sent: SentRequest[] = [];
let recording = false;

/** Wraps the global fetch once per process to note what the SDK sends, for the coverage checks. */
function recordRequests(): void {
  if (recording) return;
  recording = true;
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(String(input));
    const headers = (init?.headers ?? {}) as Record<string, string>;
    sent.push({ method: init?.method ?? 'GET', path: url.pathname, apiKey: headers['x-api-key'] });
    return original(input, init);
  };
}

const matches = (template: string, path: string) =>
  new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path);
const placeholders = (template: string) => template.split('{').length;

/** The operation a request was for: of those matching, the most specific (GET /account/count is not /account/{id}). */
function operationOf(request: SentRequest): string | undefined {
  const candidates = Object.values(operations)
    .flatMap((table) => Object.values(table))
    .filter((op) => op.method === request.method && matches(op.path, request.path))
    .sort((a, b) => placeholders(a.path) - placeholders(b.path));
  return candidates[0]?.operationId;
}

/**
 * The real server (startTestApp, built with `options`: `guards: { webhooks: { allowPrivate: true } }` lets
 * its webhooks reach a receiver on loopback) listening on a free port, and an SDK with the tenant's two keys.
 */
export async function startSdkServer(options: TestAppOptions = {}): Promise<SdkServer> {
  recordRequests();
  const t = await startTestApp(options);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const sdk = new LedgerSdk({ mainnetApiKey: t.keys.mainnet, testnetApiKey: t.keys.testnet, baseUrl });
  return {
    t,
    baseUrl,
    sdk,
    openapiVersion: (t.app.swagger() as { info: { version: string } }).info.version,
    uncalled(api, network) {
      const called = new Set(sent.filter((r) => r.apiKey === t.keys[network]).map(operationOf));
      return Object.entries(operations[api])
        .filter(([, op]) => !called.has(op.operationId))
        .map(([method]) => method);
    },
    close: () => t.close(),
  };
}

let counter = 0;
/** A unique externalId for this process. */
export const externalId = (prefix = 'sdk') => `${prefix}-${process.pid}-${++counter}-${Date.now() % 100000}`;

export const otherNetwork = (network: NetworkName): NetworkName => (network === 'mainnet' ? 'testnet' : 'mainnet');

/** An assert.rejects predicate: a LedgerRefusalError (403) with this errorCode. */
export const refusal = (errorCode: string) => (error: unknown) => {
  const e = error as { name?: string; statusCode?: number; errorCode?: string };
  if (e.name !== 'LedgerRefusalError' || e.statusCode !== 403 || e.errorCode !== errorCode) throw error;
  return true;
};
