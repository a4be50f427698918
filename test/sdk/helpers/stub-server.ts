import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LedgerSdk, type LedgerSdkConfig } from '../../../packages/sdk/src/index.js';

export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** When the request arrived, in ms (performance.now()). */
  at: number;
}

/** Answers the n-th request (from 0); the last responder answers every later one. */
export type Responder = (res: ServerResponse, req: StubRequest) => void;

export interface Stub {
  baseUrl: string;
  requests: StubRequest[];
  sdk(config?: Partial<LedgerSdkConfig>): LedgerSdk;
  close(): Promise<void>;
}

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Responder =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

export const empty =
  (status: number): Responder =>
  (res) => {
    res.writeHead(status);
    res.end();
  };

/** Never answers: the client's timeout has to end the attempt. */
export const hang = (): Responder => () => {};

/** Drops the connection without an answer. */
export const reset = (): Responder => (res) => res.socket?.destroy();

export const errorBody = (statusCode: number, errorCode: string, message = errorCode, data?: unknown[]) => ({
  statusCode,
  errorCode,
  message,
  ...(data ? { data } : {}),
});

/** A plain node:http server on a free port that answers from a script and records what it got. */
export async function startStub(responders: Responder[]): Promise<Stub> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method!, url: req.url!, headers: req.headers, body, at: performance.now() };
      requests.push(request);
      responders[Math.min(requests.length - 1, responders.length - 1)]!(res, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    requests,
    sdk: (config = {}) =>
      new LedgerSdk({
        mainnetApiKey: 'main_key',
        testnetApiKey: 'test_key',
        baseUrl,
        retryBaseDelayMs: 10,
        retryMaxDelayMs: 100,
        ...config,
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A 24-character id, as the account operations require. */
export const ACCOUNT_ID = '0123456789abcdef01234567';
export const CUSTOMER_ID = '0123456789abcdef01234567';
