// Slow clients against a real server process: SOCKETS connections trickle request bodies at 1 byte a
// second, half of them with a valid key (held until the request timeout cuts them with 408) and half
// without (answered 401 and closed at once), while one client measures ordinary requests. Prints the
// ordinary requests' latency before and during the trickle, and what became of the trickling sockets.
// Loopback only; bounded in sockets and time. Run: npx tsx bench/slow-clients.ts [--sockets 2000]
import http from 'node:http';
import { connect, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServerProcess } from './child-process.js';
import { summarize } from './stats.js';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '2000' },
    'request-timeout-ms': { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '10' },
  },
});
const SOCKETS = Math.min(10_000, Number(values.sockets));
const REQUEST_TIMEOUT_MS = Number(values['request-timeout-ms']);
const MEASURE_SECONDS = Math.min(60, Number(values.seconds));
const KEY = 'test_slow-clients-bench-key';

function openFileLimit(): number | undefined {
  const match = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return match ? Number(match[1]) : undefined;
}

const limit = openFileLimit();
if (limit !== undefined && limit < SOCKETS + 200) {
  console.error(`ulimit -n is ${limit}: too low for ${SOCKETS} sockets and the server's own files; raise it.`);
  process.exit(1);
}

const server = await startServerProcess(['--import', 'tsx', 'src/main.ts'], {
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  LEDGER_DATA_DIR: 'memory://',
  DATABASE_URL: '',
  LEDGER_API_KEY_TESTNET: KEY,
  LEDGER_API_KEY_MAINNET: `${KEY}-main`,
  LEDGER_KEYS_FILE: join(tmpdir(), `ledger-bench-keys-${process.pid}.txt`),
  LEDGER_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  LEDGER_MAX_CONNECTIONS: String(SOCKETS + 1000),
});
const port = Number(new URL(server.url).port);
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function timedGet(): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: '127.0.0.1', port, agent, path: '/v3/ledger/customer?pageSize=10', headers: { 'x-api-key': KEY } },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(performance.now() - started)
            : reject(new Error(`status ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
  });
}

/** Ordinary requests, four at a time, for `seconds`. */
async function measure(seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (performance.now() < until) {
        try {
          latencies.push(await timedGet());
        } catch {
          errors++;
        }
      }
    }),
  );
  return summarize(latencies, seconds, { errors });
}

interface Trickler {
  socket: Socket;
  withKey: boolean;
  status?: number;
  closedAfterMs?: number;
  error?: string;
}

function openTrickler(withKey: boolean): Promise<Trickler> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const trickler: Trickler = { socket, withKey };
    const opened = performance.now();
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      trickler.status ??= Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]) || undefined;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (trickler.error = error.code));
    socket.on('close', () => (trickler.closedAfterMs = performance.now() - opened));
    socket.once('connect', () => {
      socket.write(
        `POST /v3/ledger/account HTTP/1.1\r\nHost: x\r\n${withKey ? `x-api-key: ${KEY}\r\n` : ''}` +
          `Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
      );
      resolve(trickler);
    });
    socket.once('error', reject);
  });
}

const fmt = (m: ReturnType<typeof summarize>) =>
  `${m.ok} requests, p50 ${m.p50Ms.toFixed(1)} ms, p99 ${m.p99Ms.toFixed(1)} ms, max ${m.maxMs.toFixed(1)} ms, errors ${m.errors}`;

try {
  await measure(2); // warm-up
  const before = await measure(MEASURE_SECONDS);
  console.log(`ordinary requests, no trickling sockets: ${fmt(before)}`);

  const tricklers: Trickler[] = [];
  for (let i = 0; i < SOCKETS; i += 100) {
    tricklers.push(...(await Promise.all(Array.from({ length: 100 }, (_, j) => openTrickler((i + j) % 2 === 0)))));
  }
  // One byte a second on every socket still open.
  const dripping = setInterval(() => {
    for (const { socket } of tricklers) if (socket.writable) socket.write('x');
  }, 1000);
  const open = () => tricklers.filter((t) => t.closedAfterMs === undefined).length;
  console.log(`${SOCKETS} trickling sockets opened; ${open()} still open a moment later`);

  const during = await measure(MEASURE_SECONDS);
  console.log(`ordinary requests, ${SOCKETS} sockets trickling: ${fmt(during)}`);

  const deadline = performance.now() + REQUEST_TIMEOUT_MS + 15_000;
  while (open() > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  clearInterval(dripping);
  for (const withKey of [false, true]) {
    const group = tricklers.filter((t) => t.withKey === withKey);
    const statuses: Record<string, number> = {};
    for (const t of group) statuses[t.status ?? t.error ?? 'none'] = (statuses[t.status ?? t.error ?? 'none'] ?? 0) + 1;
    const closed = group.map((t) => t.closedAfterMs).filter((ms): ms is number => ms !== undefined);
    console.log(
      `${withKey ? 'with a key   ' : 'without a key'}: ${JSON.stringify(statuses)}; ` +
        `${closed.length}/${group.length} closed by the server, the last after ${(Math.max(...closed) / 1000).toFixed(1)} s`,
    );
  }
  for (const t of tricklers) t.socket.destroy();
} finally {
  agent.destroy();
  await server.stop();
}
