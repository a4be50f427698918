// `npm run bench`: seeds a ledger on each database, starts the server on it in a process of its own,
// and measures every operation at a fixed concurrency for a fixed time against this machine's own
// ceilings (a bare Fastify route; the minimal payment SQL). Writes bench/results/<time>-<size>.json
// and an SVG chart, prints the figures and each target with PASS or MISS. Asserts nothing.
//   npm run bench -- [--customers 1000000] [--duration 10] [--databases postgres] (--help for all)
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStorage, connectStorage } from '../src/storage/connect.js';
import { DEFAULT_POOL_SIZE } from '../src/storage/postgres.js';
import { renderChart } from './chart.js';
import { startServerProcess, type ServerProcess } from './child-process.js';
import { paymentCeiling, poolRunner } from './db-ceiling.js';
import { layoutFor, sampleLedger, type Samples } from './layout.js';
import { brokenInvariants } from './ledger-check.js';
import { runLoad } from './load.js';
import { machineInfo } from './machine.js';
import { OPERATIONS } from './operations.js';
import { parseOptions, type BenchOptions, type DatabaseKind } from './options.js';
import { createBenchDatabase, dropBenchDatabase, postgresVersion } from './postgres-database.js';
import { databaseTable, header, targetsTable } from './report.js';
import { sizeLabel, writeResult, type BenchResult, type DatabaseRun, type OperationResult } from './results.js';
import { seedLedger } from './seed.js';
import { heapSample, type HeapSample } from './server-memory.js';
import type { Measurement } from './stats.js';
import { checkTargets } from './targets.js';

const options = parseOptions(process.argv.slice(2));
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// The server under test is configured for measuring, and the run says so: no rate limit (off by default,
// and said so here, so that the operator's environment cannot make it measure the limiter), and
// warnings only in the logs.
const SERVER_ENVIRONMENT = { LOG_LEVEL: 'warn', LEDGER_RATE_LIMIT_RPS: 'off', PORT: '0', HOST: '127.0.0.1' };

// However long seeding takes, the run ends by itself: after this, whatever it is doing, it stops.
// Past this load average per core at the start, the run warns that the machine is busy.
const BUSY_LOAD_AVERAGE = 0.75;

const WATCHDOG_MS = (30 + 90 * (options.customers / 1_000_000)) * 60_000;

/** What must be undone however the run ends: servers stopped, the bench database dropped, folders removed. */
const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error) => log(`cleanup: ${error}`));
}
const abort = (reason: string) => {
  log(`${reason}: cleaning up and stopping`);
  // cleanUp() logs each failed step and never rejects; the process stops either way.
  void cleanUp().finally(() => process.exit(2));
};
process.once('SIGINT', () => abort('interrupted'));
process.once('SIGTERM', () => abort('terminated'));
setTimeout(() => abort(`still running after ${WATCHDOG_MS / 60_000} minutes`), WATCHDOG_MS).unref();

function serverEnvironment(database: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name === 'DATABASE_URL' || name.startsWith('LEDGER_')) delete env[name];
  return { ...env, ...SERVER_ENVIRONMENT, ...database };
}

// BENCH_SERVER_NODE_ARGS reach the server's node alone, e.g. `--cpu-prof` to see where its time goes.
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** An unrecorded warm-up, then the measurement; `measure` is given the phase and the seconds. */
async function measured(
  label: string,
  measure: (phase: 0 | 1, seconds: number) => Promise<Measurement>,
): Promise<Measurement> {
  if (options.warmupSeconds > 0) await measure(0, options.warmupSeconds);
  const result = await measure(1, options.durationSeconds);
  const refused = Object.keys(result.refused).length > 0 || result.errors > 0;
  log(
    `${label}: ${Math.round(result.rps)}/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms` +
      (refused ? `, REFUSED ${JSON.stringify(result.refused)} errors ${result.errors}` : ''),
  );
  return result;
}

/** The bare Fastify route in its own process, under the same load as "get customer by id". */
async function httpCeiling(samples: Samples, apiKey: string): Promise<Measurement> {
  const server = await startServerProcess(['--import', 'tsx', 'bench/http-ceiling-server.ts'], {
    ...process.env,
    BENCH_CUSTOMER_JSON: JSON.stringify(samples.customerJson),
  });
  try {
    const get = OPERATIONS.find((op) => op.name === 'customer.get.id')!;
    const load = get.load({ samples, customers: options.customers, phase: 0 });
    return await measured('HTTP ceiling', (_phase, seconds) =>
      runLoad({
        url: server.url,
        connections: options.connections,
        seconds,
        headers: { 'x-api-key': apiKey },
        ...load,
      }),
    );
  } finally {
    await server.stop();
  }
}

async function measureOperations(server: ServerProcess, samples: Samples, apiKey: string) {
  const results: (Measurement & { name: string; rssAfterMiB: number | null; heap: HeapSample | null })[] = [];
  for (const op of OPERATIONS) {
    if (options.only.length > 0 && !options.only.some((part) => op.name.includes(part))) continue;
    const result = await measured(op.label, (phase, seconds) =>
      runLoad({
        url: server.url,
        connections: options.connections,
        seconds,
        headers: { 'x-api-key': apiKey },
        ...op.load({ samples, customers: options.customers, phase }),
      }),
    );
    results.push({ ...result, name: op.name, rssAfterMiB: server.rssMiB(), heap: await heapSample(server.url) });
  }
  return results;
}

interface Prepared {
  version: string;
  seedSeconds: number;
  afterSeed: string[];
  ledgerId: string;
  apiKey: string;
  samples: Samples;
  dbCeiling: Measurement;
  serverDatabase: Record<string, string>;
  /** Opens the database again (once the server has stopped) for the final invariant check. */
  reopen: () => ReturnType<typeof openStorage>;
}

/** Seeds, samples and measures the database ceiling, then closes the database for the server to open. */
async function prepare(kind: DatabaseKind, opts: BenchOptions): Promise<Prepared> {
  const layout = layoutFor(opts.customers, opts.connections);
  let storage: { databaseUrl?: string; dataDir: string };
  let version: string;
  if (kind === 'postgres') {
    const url = await createBenchDatabase(opts.postgresUrl, opts.benchDatabase);
    cleanups.push(() => dropBenchDatabase(opts.postgresUrl, opts.benchDatabase));
    storage = { databaseUrl: url, dataDir: '' };
    version = await postgresVersion(url);
  } else {
    const dataDir = await mkdtemp(join(os.tmpdir(), 'ledger-bench-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    storage = { dataDir };
    version = machineInfo().pglite;
  }
  const db = await connectStorage(storage);
  try {
    const started = performance.now();
    const seeded = await seedLedger(db, layout, (line) => log(`${kind} seed: ${line}`));
    const seedSeconds = (performance.now() - started) / 1000;
    log(`${kind}: seeded ${opts.customers} customers in ${seedSeconds.toFixed(1)} s`);
    const afterSeed = await brokenInvariants(db, seeded.ledgerId);
    const samples = await sampleLedger(db, seeded.ledgerId, layout);
    let dbCeiling: Measurement;
    const ceiling = (runner: Parameters<typeof paymentCeiling>[0]) =>
      measured('DB ceiling', (_phase, seconds) =>
        paymentCeiling(runner, seeded.ledgerId, samples.accounts, opts.connections, seconds),
      );
    if (kind === 'postgres') {
      // A plain pg Pool as large as the server's, not the app's storage layer.
      const pool = new pg.Pool({ connectionString: storage.databaseUrl, max: DEFAULT_POOL_SIZE });
      try {
        dbCeiling = await ceiling(poolRunner(pool));
      } finally {
        await pool.end();
      }
    } else {
      dbCeiling = await ceiling(db);
    }
    return {
      version,
      seedSeconds,
      afterSeed,
      ledgerId: seeded.ledgerId,
      apiKey: seeded.apiKey,
      samples,
      dbCeiling,
      serverDatabase: storage.databaseUrl
        ? { DATABASE_URL: storage.databaseUrl }
        : { LEDGER_DATA_DIR: storage.dataDir },
      reopen: () => openStorage(storage),
    };
  } finally {
    await db.close();
  }
}

const toMB = (mib: number | null) => (mib === null ? null : Math.round((mib * 2 ** 20) / 1e6));

async function benchDatabase(kind: DatabaseKind): Promise<DatabaseRun> {
  const prepared = await prepare(kind, options);
  const http = await httpCeiling(prepared.samples, prepared.apiKey);

  const server = await startServerProcess(
    [...SERVER_NODE_ARGS, 'dist/main.js'],
    serverEnvironment(prepared.serverDatabase),
  );
  cleanups.push(() => server.stop());
  let measuredOps: Awaited<ReturnType<typeof measureOperations>>;
  let rssAfter: number | null;
  const rssStart = server.rssMiB();
  try {
    log(`${kind}: server pid ${server.pid} on ${server.url}, RSS ${rssStart?.toFixed(0)} MiB at start`);
    measuredOps = await measureOperations(server, prepared.samples, prepared.apiKey);
    rssAfter = server.rssMiB();
  } finally {
    await server.stop();
  }
  const db = await prepared.reopen();
  const afterLoad = await brokenInvariants(db, prepared.ledgerId).finally(() => db.close());
  await cleanUp();

  const operations: OperationResult[] = measuredOps.map(({ rssAfterMiB, ...m }) => {
    const op = OPERATIONS.find((o) => o.name === m.name)!;
    const ceiling = op.ceiling === 'http' ? http : prepared.dbCeiling;
    return { ...m, label: op.label, ceiling: op.ceiling, share: m.rps / ceiling.rps, rssAfterMB: toMB(rssAfterMiB) };
  });
  return {
    database: kind,
    version: prepared.version,
    seedSeconds: prepared.seedSeconds,
    ceilings: { http, db: prepared.dbCeiling },
    operations,
    serverRssMB: { start: toMB(rssStart), peak: toMB(server.peakRssMiB()), after: toMB(rssAfter) },
    invariants: { afterSeed: prepared.afterSeed, afterLoad },
  };
}

async function main(): Promise<void> {
  if (!options.skipBuild) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  log(header({ machine, options }).replace(/\n/g, '\n[bench] '));
  // The figures are shares of ceilings measured in the same run, but a job competing for the CPU
  // skews the shares too (it takes from the server and PostgreSQL more than from the bare route).
  if (machine.loadAverage[0]! > BUSY_LOAD_AVERAGE * machine.cpus) {
    log(`WARNING: load average ${machine.loadAverage[0]} at the start: another job is using the CPU`);
  }
  const runs: DatabaseRun[] = [];
  for (const kind of options.databases) runs.push(await benchDatabase(kind));

  const result: BenchResult = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    loadAverageAfter: os.loadavg().map((n) => Math.round(n * 100) / 100),
    options,
    environment: SERVER_ENVIRONMENT,
    runs,
    targets: runs.flatMap((run) => checkTargets(run, options.customers)),
  };
  const file = await writeResult(options.resultsDir, result);
  const chart = renderChart(result);
  await writeFile(join(options.resultsDir, 'latest.svg'), chart);
  await writeFile(join(options.resultsDir, `latest-${sizeLabel(options.customers)}.svg`), chart);

  console.log(`\n${header(result)}`);
  console.log(
    `server under test: ${Object.entries(SERVER_ENVIRONMENT)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  for (const run of runs) console.log(`\n${databaseTable(run)}`);
  console.log(`\n${targetsTable(result.targets)}`);
  console.log(
    `\nload average: ${machine.loadAverage.join(' ')} at the start, ${result.loadAverageAfter.join(' ')} at the end`,
  );
  console.log(`results: ${file}, chart: ${join(options.resultsDir, 'latest.svg')}`);
}

main()
  .catch(async (error: unknown) => {
    log(`failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanUp();
    // The sampling timers and pools are gone; anything still open must not keep the run alive.
    process.exit();
  });
