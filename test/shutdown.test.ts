import assert from 'node:assert/strict';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configFromEnv } from '../src/config.js';
import { startServer, stopOnSignals, type RunningServer } from '../src/server.js';
import { firstResponse, rawConnection } from './helpers/raw-http.js';

const KEY = 'test-key-for-the-shutdown-test';

async function start(env: Record<string, string> = {}): Promise<{ server: RunningServer; port: number }> {
  const config = configFromEnv({
    LEDGER_DATA_DIR: 'memory://',
    PORT: '0',
    LOG_LEVEL: 'silent',
    LEDGER_API_KEY_TESTNET: KEY,
    LEDGER_API_KEY_MAINNET: `${KEY}-main`,
    LEDGER_KEYS_FILE: join(tmpdir(), `ledger-shutdown-keys-${process.pid}.txt`),
    ...env,
  });
  const server = await startServer(config, { write: () => true });
  return { server, port: Number(new URL(server.address).port) };
}

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/** One GET on `agent` (a kept-alive connection when the agent has one), answered or failed with its code. */
function get(port: number, path: string, agent: http.Agent): Promise<Answer | { error: string }> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent, headers: { 'x-api-key': KEY } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode!, connection: response.headers.connection, body }),
      );
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

const keptAlive = () => new http.Agent({ keepAlive: true, maxSockets: 1 });

// SIGTERM and SIGINT (here the `stop` signal that stands for them) must not reset what the server
// received: every request gets an answer, 200 or 503, with `Connection: close`.
describe('stopping the server', () => {
  it('answers requests on kept-alive connections sent just after the signal, and turns /ready to 503', async () => {
    const { server, port } = await start();
    const agents = [keptAlive(), keptAlive(), keptAlive()];
    try {
      for (const agent of agents)
        assert.equal(((await get(port, '/v3/ledger/customer?pageSize=10', agent)) as Answer).status, 200);
      const stop = new AbortController();
      const stopped = stopOnSignals(server, stop.signal);
      stop.abort();
      const [right, ready] = await Promise.all([
        get(port, '/v3/ledger/customer?pageSize=10', agents[0]!),
        get(port, '/ready', agents[1]!),
      ]);
      // Past the moment the listener has closed: the kept-alive connection is still served.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const later = await get(port, '/v3/ledger/customer?pageSize=10', agents[2]!);

      assert.deepEqual(
        [right, later].map((a) => ('error' in a ? a.error : [a.status, a.connection])),
        [
          [200, 'close'],
          [200, 'close'],
        ],
      );
      assert.ok(!('error' in ready), `GET /ready: ${JSON.stringify(ready)}`);
      assert.equal(ready.status, 503);
      assert.equal(ready.connection, 'close');
      assert.equal(JSON.parse(ready.body).errorCode, 'server.not.ready');
      assert.equal(await stopped, 0);
    } finally {
      for (const agent of agents) agent.destroy();
      await server.close();
    }
  });

  it('answers connections made and requests sent just before the signal, none reset', async () => {
    const { server, port } = await start();
    const connections = await Promise.all(Array.from({ length: 20 }, () => rawConnection(port)));
    const stop = new AbortController();
    const stopped = stopOnSignals(server, stop.signal);
    // Sent and stopped in one turn of the event loop: the server has read none of them yet.
    for (const conn of connections) {
      conn.socket.write(`GET /v3/ledger/customer?pageSize=10 HTTP/1.1\r\nHost: x\r\nx-api-key: ${KEY}\r\n\r\n`);
    }
    stop.abort();
    const results = await Promise.all(connections.map((conn) => conn.closed));
    assert.deepEqual(
      results.map(({ text, error }) => error ?? firstResponse(text).status),
      results.map(() => 200),
    );
    assert.ok(results.every(({ text }) => /connection: close/i.test(text)));
    assert.equal(await stopped, 0);
  });

  it('cuts what is still open when the grace period ends, then closes', async () => {
    const { server, port } = await start({ LEDGER_SHUTDOWN_GRACE_MS: '1000', LEDGER_REQUEST_TIMEOUT_MS: '60000' });
    const conn = await rawConnection(port);
    conn.socket.write(
      `POST /v3/ledger/account HTTP/1.1\r\nHost: x\r\nx-api-key: ${KEY}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{`,
    );
    const started = performance.now();
    const stop = new AbortController();
    const stopped = stopOnSignals(server, stop.signal);
    stop.abort();
    assert.equal(await stopped, 0);
    await conn.closed;
    const took = performance.now() - started;
    assert.ok(took >= 900 && took < 15_000, `stopped after ${Math.round(took)} ms`);
  });
});
