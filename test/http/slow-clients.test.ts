import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { before, describe, it } from 'node:test';
import type { ConnectionLimits } from '../../src/http/transport.js';
import { suiteTestApp } from '../helpers/test-app.js';
import { firstResponse, rawConnection, trickle } from '../helpers/raw-http.js';

// Short bounds so that the suite does not wait long; the assertions leave several times them of slack.
const LIMITS: ConnectionLimits = {
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  keepAliveTimeoutMs: 1_000,
  maxConnections: 60,
};
const GENEROUS_MS = 15_000;

describe('slow and malformed clients', (suite) => {
  const t = suiteTestApp(suite, { connections: LIMITS });
  let port: number;
  before(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });

  const postHead = (key: string | undefined, length: number) =>
    `POST /v3/ledger/account HTTP/1.1\r\nHost: x\r\n${key ? `x-api-key: ${key}\r\n` : ''}` +
    `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

  it('cuts a body trickled at 1 byte per 100 ms with 408 request.timeout in the contract shape', async () => {
    const started = performance.now();
    const conn = await rawConnection(port);
    conn.socket.write(postHead(t.keys.testnet, 1000) + '{');
    trickle(conn.socket, 100);
    const { text, at } = await conn.closed;
    assert.ok(at - started < GENEROUS_MS, `held ${Math.round(at - started)} ms`);
    const response = firstResponse(text);
    assert.equal(response.status, 408);
    assert.equal((response.body as { errorCode: string }).errorCode, 'request.timeout');
    assert.equal((response.body as { statusCode: number }).statusCode, 408);
    assert.match(response.headers, /connection: close/i);
  });

  it('cuts headers that never end with 408', async () => {
    const conn = await rawConnection(port);
    conn.socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    trickle(conn.socket, 100);
    const response = firstResponse((await conn.closed).text);
    assert.equal(response.status, 408);
    assert.equal((response.body as { errorCode: string }).errorCode, 'request.timeout');
  });

  it('answers a half body without a key with 401 and closes the connection at once', async () => {
    const conn = await rawConnection(port);
    conn.socket.write(postHead(undefined, 1000) + '{"currency":');
    const closed = await Promise.race([
      conn.closed,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), LIMITS.requestTimeoutMs - 500)),
    ]);
    assert.ok(closed, `still open before the request timeout; received ${JSON.stringify(conn.received())}`);
    const response = firstResponse(closed.text);
    assert.equal(response.status, 401);
    assert.equal((response.body as { errorCode: string }).errorCode, 'subscription.invalid');
  });

  it('refuses malformed HTTP with 400 and oversized headers with 431, in the contract shape', async () => {
    const garbage = await rawConnection(port);
    garbage.socket.write('NOT HTTP AT ALL\r\n\r\n');
    const malformed = firstResponse((await garbage.closed).text);
    assert.equal(malformed.status, 400);
    assert.deepEqual(Object.keys(malformed.body as object).sort(), ['errorCode', 'message', 'statusCode']);
    assert.equal((malformed.body as { errorCode: string }).errorCode, 'request.http.invalid');

    const big = await rawConnection(port);
    big.socket.write(`GET /health HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
    const tooLarge = firstResponse((await big.closed).text);
    assert.equal(tooLarge.status, 431);
    assert.equal((tooLarge.body as { errorCode: string }).errorCode, 'request.headers.too.large');
  });

  it('at its connection cap refuses more connections, still answers once the trickling ones are cut', async () => {
    const tricklers = await Promise.all(
      Array.from({ length: LIMITS.maxConnections }, async () => {
        const conn = await rawConnection(port);
        conn.socket.write(postHead(t.keys.testnet, 1000));
        trickle(conn.socket, 200);
        return conn;
      }),
    );
    // Past the cap the server closes a new connection as soon as it accepts it: no answer.
    const extra = await rawConnection(port);
    const refused = await extra.closed;
    assert.equal(refused.text, '', 'a connection past the cap gets no answer');

    const cut = await Promise.all(tricklers.map((conn) => conn.closed));
    assert.ok(cut.every(({ text }) => firstResponse(text).status === 408));
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    assert.equal(health.status, 200);
  });
});
