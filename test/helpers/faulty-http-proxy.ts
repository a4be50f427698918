import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../support/seeded-random.js';

/** An answer the proxy gives instead of forwarding. */
export interface ProxyFault {
  status: 429 | 502 | 503;
  /** The Retry-After header's value (seconds, e.g. '1', or an HTTP date); sent only when given. */
  retryAfter?: string;
}

export interface FaultyProxyOptions {
  /** Decides, per incoming request (0-based index, method, url), a fault to answer instead of forwarding, or undefined to forward. */
  fault?: (index: number, request: { method: string; url: string }) => ProxyFault | undefined;
}

/** One request the proxy received. */
export interface ProxiedRequest {
  /** performance.now() when the request's headers arrived. */
  at: number;
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  /** The status answered: the fault's, the target's, or 502 when the target could not be reached. 0 until answered. */
  status: number;
}

export interface FaultyHttpProxy {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request received, in arrival order: when (performance.now() ms), method, url, and the status answered. */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not forwarded; Host names the
// proxy, and node:http sets the target's own.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function endToEndHeaders(headers: IncomingHttpHeaders, dropHost: boolean): OutgoingHttpHeaders {
  // Headers the Connection header names are hop-by-hop too.
  const named = new Set(
    (headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    if (dropHost && name === 'host') continue;
    kept[name] = value;
  }
  return kept;
}

function faultAnswer(fault: ProxyFault): { contentType: string; body: string } {
  switch (fault.status) {
    case 429:
      return {
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({
          statusCode: 429,
          errorCode: 'too.many.requests',
          message: 'Too many requests. Retry later.',
        }),
      };
    case 503:
      return {
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({
          statusCode: 503,
          errorCode: 'service.unavailable',
          message: 'The service is unavailable. Retry the request.',
        }),
      };
    case 502:
      // A gateway in front of a server answers with its own HTML page, not the API's JSON error shape: a
      // client must not count on a JSON body to recognise a transient failure.
      return { contentType: 'text/html', body: '<html>Bad Gateway</html>' };
  }
}

/**
 * A reverse proxy on loopback in front of `target` (a base URL; its path, if any, prefixes every
 * forwarded path) that answers chosen requests with a fault instead of forwarding them: 429 with
 * Retry-After, 502 or 503, as a rate limiter or a gateway in front of a real server would. Other
 * requests go through unchanged: method, path and query, end-to-end headers and body bytes, and the
 * target's status, headers and body are streamed back. A target that cannot be reached is answered 502.
 */
export async function startFaultyHttpProxy(target: string, options: FaultyProxyOptions = {}): Promise<FaultyHttpProxy> {
  const base = new URL(target);
  if (base.protocol !== 'http:') throw new Error(`the proxy forwards to http: targets only, not ${target}`);
  const basePath = base.pathname.replace(/\/+$/, '');
  const agent = new Agent({ keepAlive: true });
  const requests: ProxiedRequest[] = [];

  const server = createServer((request, response) => {
    const entry: ProxiedRequest = {
      at: performance.now(),
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      status: 0,
    };
    const index = requests.push(entry) - 1;
    const fault = options.fault?.(index, { method: entry.method, url: entry.url });

    if (fault) {
      // The body is read and dropped, so that the connection stays usable for the client's next request.
      request.resume();
      const { contentType, body } = faultAnswer(fault);
      const headers: OutgoingHttpHeaders = { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      entry.status = fault.status;
      response.writeHead(fault.status, headers).end(body);
      return;
    }

    const upstream = httpRequest(
      {
        agent,
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port,
        method: entry.method,
        path: basePath + entry.url,
        headers: endToEndHeaders(request.headers, true),
      },
      (answer) => {
        entry.status = answer.statusCode ?? 502;
        response.writeHead(entry.status, answer.statusMessage, endToEndHeaders(answer.headers, false));
        answer.pipe(response);
        // A target that cuts its answer short leaves the client with a cut answer too, not a complete one.
        answer.on('close', () => {
          if (!answer.complete) response.destroy();
        });
      },
    );
    upstream.on('error', () => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      entry.status = 502;
      response.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
    });
    // A client that gives up cancels the forwarded request as well.
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    request.pipe(upstream);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}

/**
 * The most of `times` (milliseconds, in any order) that fall within one window of `windowMs`, over every
 * position of the window. The window is half-open, [start, start + windowMs): requests spaced exactly
 * 1000/N ms apart make N per 1000 ms, not N + 1, which is what a limit of N requests per second allows.
 */
export function maxRequestsInAnyWindow(times: number[], windowMs: number): number {
  if (!(windowMs > 0)) throw new Error(`windowMs must be positive, not ${windowMs}`);
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  // A busiest window can always be slid to start at one of the times; the pair of indices sweeps them.
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/**
 * A `fault` function drawn from `seed`, so a failing mix can be replayed: every `every429`-th request
 * (the `every429`-th, the 2×`every429`-th, …) answers 429 with Retry-After `retryAfter` ('1' unless
 * given), and any other request answers 502 with probability `p502`. Each request's draw depends on the
 * seed and its index only, not on the order or number of calls.
 */
export function seededFaults(
  seed: number,
  { every429, retryAfter = '1', p502 = 0 }: { every429?: number; retryAfter?: string; p502?: number },
): NonNullable<FaultyProxyOptions['fault']> {
  if (every429 !== undefined && !(Number.isInteger(every429) && every429 > 0)) {
    throw new Error(`every429 must be a positive integer, not ${every429}`);
  }
  if (!(p502 >= 0 && p502 <= 1)) throw new Error(`p502 must be within [0, 1], not ${p502}`);
  const SCALE = 1_000_000;
  const threshold = Math.round(p502 * SCALE);
  return (index) => {
    if (every429 !== undefined && (index + 1) % every429 === 0) return { status: 429, retryAfter };
    // A generator of its own per index, seeded from the seed and the index (golden-ratio mixing).
    const draw = seededRandom((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0).int(SCALE);
    return draw < threshold ? { status: 502 } : undefined;
  };
}
