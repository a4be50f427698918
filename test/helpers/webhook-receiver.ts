import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the receiver got it: its headers and its exact bytes. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** performance.now() when the request's headers arrived. */
  at: number;
}

/** How the receiver answers its n-th request (0-based): a status, or never. */
export type Answer = number | 'never';

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  received: Received[];
  /** Resolves once `count` requests have arrived (their bodies read); rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback that records every request and answers by `answer` (200 for every
 * request by default). Requests it never answers are cut when it closes.
 */
export async function startWebhookReceiver(answer: (index: number) => Answer = () => 200): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((request, response) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = received.length;
      received.push({ headers: request.headers, body: Buffer.concat(chunks), at });
      for (const wake of waiters.splice(0)) wake();
      const status = answer(index);
      if (status === 'never') hanging.push(response);
      else response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'OK' : `refused ${status}`);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async waitFor(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`the receiver got ${received.length} requests, not ${count}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received;
    },
    async close() {
      for (const response of hanging) response.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
