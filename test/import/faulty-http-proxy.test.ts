import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  maxRequestsInAnyWindow,
  seededFaults,
  startFaultyHttpProxy,
  type FaultyHttpProxy,
} from '../helpers/faulty-http-proxy.js';

// The proxy the import tests put in front of a source server: it must forward faithfully, and answer its
// faults without the target ever seeing the request.

interface Echo {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A target that answers every request with what it received, as JSON; /missing answers 404. */
async function startEchoTarget() {
  const seen: Echo[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const echo: Echo = {
        method: request.method!,
        url: request.url!,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(echo);
      response
        .writeHead(request.url === '/missing' ? 404 : 200, { 'content-type': 'application/json', 'x-target': 'echo' })
        .end(JSON.stringify(echo));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

describe('faulty HTTP proxy', () => {
  let target: Awaited<ReturnType<typeof startEchoTarget>>;
  before(async () => {
    target = await startEchoTarget();
  });
  after(() => target.close());

  it('forwards a GET with its query and headers, and streams back status, headers and body', async () => {
    const proxy = await startFaultyHttpProxy(target.url);
    try {
      const response = await fetch(`${proxy.url}/v3/ledger/account?pageSize=50&offset=100`, {
        headers: { 'x-api-key': 'key-1', accept: 'application/json' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-target'), 'echo');
      const echo = (await response.json()) as Echo;
      assert.equal(echo.method, 'GET');
      assert.equal(echo.url, '/v3/ledger/account?pageSize=50&offset=100');
      assert.equal(echo.headers['x-api-key'], 'key-1');
      assert.equal(echo.headers.host, `127.0.0.1:${target.port}`, 'the target sees its own host');
      assert.equal(echo.body, '');
      assert.equal(target.seen.length >= 1, true);

      const missing = await fetch(`${proxy.url}/missing`);
      assert.equal(missing.status, 404, "the target's own error status passes through");
      await missing.arrayBuffer();
    } finally {
      await proxy.close();
    }
  });

  it('forwards a POST with its JSON body byte for byte', async () => {
    const proxy = await startFaultyHttpProxy(target.url);
    try {
      const body = JSON.stringify({ amount: '0.000000000000000001', note: 'ünïcödé ✓', nested: { a: [1, 2] } });
      const response = await fetch(`${proxy.url}/v3/ledger/transaction?dry=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'key-1' },
        body,
      });
      assert.equal(response.status, 200);
      const echo = (await response.json()) as Echo;
      assert.equal(echo.method, 'POST');
      assert.equal(echo.url, '/v3/ledger/transaction?dry=1');
      assert.equal(echo.headers['content-type'], 'application/json');
      assert.equal(echo.body, body);
      assert.deepEqual(
        proxy.requests.map(({ method, url, status }) => ({ method, url, status })),
        [{ method: 'POST', url: '/v3/ledger/transaction?dry=1', status: 200 }],
      );
    } finally {
      await proxy.close();
    }
  });

  it('prefixes forwarded paths with the path of the target base URL', async () => {
    const proxy = await startFaultyHttpProxy(`${target.url}/base/`);
    try {
      const echo = (await (await fetch(`${proxy.url}/v3/x?y=1`)).json()) as Echo;
      assert.equal(echo.url, '/base/v3/x?y=1');
    } finally {
      await proxy.close();
    }
  });

  it('answers 429 with Retry-After and 502 itself, without reaching the target, and logs every request', async () => {
    const proxy: FaultyHttpProxy = await startFaultyHttpProxy(target.url, {
      fault: (index, { method }) => {
        if (index === 1) return { status: 429, retryAfter: '1' };
        if (index === 2 && method === 'POST') return { status: 502 };
        if (index === 3) return { status: 503, retryAfter: '2' };
        return undefined;
      },
    });
    try {
      const seenBefore = target.seen.length;
      const started = performance.now();

      const first = await fetch(`${proxy.url}/v3/page?offset=0`);
      assert.equal(first.status, 200);
      await first.arrayBuffer();

      const limited = await fetch(`${proxy.url}/v3/page?offset=50`);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '1');
      assert.match(limited.headers.get('content-type')!, /^application\/json/);
      const error = (await limited.json()) as Record<string, unknown>;
      assert.equal(error.statusCode, 429);
      assert.equal(error.errorCode, 'too.many.requests');
      assert.equal(typeof error.message, 'string');

      const gateway = await fetch(`${proxy.url}/v3/post`, { method: 'POST', body: '{"a":1}' });
      assert.equal(gateway.status, 502);
      assert.equal(gateway.headers.get('retry-after'), null);
      assert.equal(gateway.headers.get('content-type'), 'text/html');
      assert.equal(await gateway.text(), '<html>Bad Gateway</html>');

      const unavailable = await fetch(`${proxy.url}/v3/page?offset=50`);
      assert.equal(unavailable.status, 503);
      assert.equal(unavailable.headers.get('retry-after'), '2');
      assert.equal(((await unavailable.json()) as { statusCode: number }).statusCode, 503);

      const retried = await fetch(`${proxy.url}/v3/page?offset=50`);
      assert.equal(retried.status, 200);
      await retried.arrayBuffer();

      assert.deepEqual(
        target.seen.slice(seenBefore).map((echo) => echo.url),
        ['/v3/page?offset=0', '/v3/page?offset=50'],
        'the faulted requests never reached the target',
      );
      assert.deepEqual(
        proxy.requests.map(({ method, url, status }) => ({ method, url, status })),
        [
          { method: 'GET', url: '/v3/page?offset=0', status: 200 },
          { method: 'GET', url: '/v3/page?offset=50', status: 429 },
          { method: 'POST', url: '/v3/post', status: 502 },
          { method: 'GET', url: '/v3/page?offset=50', status: 503 },
          { method: 'GET', url: '/v3/page?offset=50', status: 200 },
        ],
      );
      const times = proxy.requests.map((request) => request.at);
      assert.ok(times[0]! >= started && times[4]! <= performance.now());
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        'logged in arrival order',
      );
    } finally {
      await proxy.close();
    }
  });

  it('answers 502 when the target cannot be reached', async () => {
    const gone = await startEchoTarget();
    await gone.close();
    const proxy = await startFaultyHttpProxy(gone.url);
    try {
      const response = await fetch(`${proxy.url}/v3/page`);
      assert.equal(response.status, 502);
      await response.arrayBuffer();
      assert.equal(proxy.requests[0]!.status, 502);
    } finally {
      await proxy.close();
    }
  });
});

describe('maxRequestsInAnyWindow', () => {
  it('counts the busiest window, half-open, over unsorted times', () => {
    assert.equal(maxRequestsInAnyWindow([], 1000), 0);
    assert.equal(maxRequestsInAnyWindow([5], 1000), 1);
    // 10 per second, exactly 100 ms apart: any 1000 ms window holds 10, not 11.
    const steady = Array.from({ length: 30 }, (_, i) => i * 100);
    assert.equal(maxRequestsInAnyWindow(steady, 1000), 10);
    assert.equal(maxRequestsInAnyWindow(steady, 1001), 11);
    // A burst of 4 within 50 ms between sparse requests, given out of order.
    assert.equal(maxRequestsInAnyWindow([3000, 0, 1510, 1500, 1540, 1549, 2600], 50), 4);
    assert.equal(maxRequestsInAnyWindow([3000, 0, 1510, 1500, 1540, 1549, 2600], 49), 3);
    assert.equal(maxRequestsInAnyWindow([3000, 0, 1510, 1500, 1540, 1549, 2600], 40), 3);
    assert.equal(maxRequestsInAnyWindow([3000, 0, 1510, 1500, 1540, 1549, 2600], 1), 1);
    assert.equal(maxRequestsInAnyWindow([7, 7, 7], 1), 3, 'equal times share a window');
    assert.throws(() => maxRequestsInAnyWindow([1], 0));
  });
});

describe('seededFaults', () => {
  const request = { method: 'GET', url: '/' };

  it('answers 429 with Retry-After on every Nth request', () => {
    const fault = seededFaults(1, { every429: 3, retryAfter: '2' });
    const statuses = Array.from({ length: 9 }, (_, i) => fault(i, request)?.status);
    assert.deepEqual(statuses, [undefined, undefined, 429, undefined, undefined, 429, undefined, undefined, 429]);
    assert.deepEqual(fault(2, request), { status: 429, retryAfter: '2' });
    assert.deepEqual(seededFaults(1, { every429: 1 })(0, request), { status: 429, retryAfter: '1' });
  });

  it('answers 502 with the given probability, the same for the same seed', () => {
    const N = 4000;
    const draw = (seed: number, p502: number) =>
      Array.from({ length: N }, (_, i) => seededFaults(seed, { every429: 10, p502 })(i, request)?.status);
    const a = draw(42, 0.2);
    assert.deepEqual(draw(42, 0.2), a, 'replayable from its seed');
    assert.notDeepEqual(draw(43, 0.2), a);
    const count = (statuses: (number | undefined)[], status: number) => statuses.filter((s) => s === status).length;
    assert.equal(count(a, 429), N / 10);
    // Of the 3600 others, about 720 are 502 (a standard deviation is 24).
    const gateway = count(a, 502);
    assert.ok(gateway > 600 && gateway < 840, `${gateway} requests answered 502`);
    assert.equal(count(draw(7, 0), 502), 0);
    assert.equal(count(draw(7, 1), 502), N - N / 10);
    assert.throws(() => seededFaults(1, { p502: 1.5 }));
    assert.throws(() => seededFaults(1, { every429: 0 }));
  });
});
