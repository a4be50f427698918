// `npm run bench`: seeds a ledger on each database, starts the server on it in a process of its own,
// and measures every operation at a fixed concurrency for a fixed time against this machine's own
// ceilings (a bare Fastify route; the minimal SQL of a payment, of a customer update, of an account
// creation). With --peer-pgledger, pgledger's transfers are measured on the same PostgreSQL too.
// Writes bench/results/<time>-<size>.json and an SVG chart, prints the figures and each target with
// PASS or MISS. Asserts nothing.
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
import { databaseCeilings, type DatabaseCeilings } from './ceilings.js';
import { poolDatabase, type CeilingDatabase } from './db-ceiling.js';
import { layoutFor, sampleLedger, type Samples } from './layout.js';
import { brokenInvariants } from './ledger-check.js';
import { machineInfo, optionsForResult } from './machine.js';
import { measuring } from './measuring.js';
import { OPERATIONS } from './operations.js';
import { parseOptions, type BenchOptions, type DatabaseKind } from './options.js';
import { measurePgledger, sharesOfPeer } from './peer-pgledger.js';
import { createBenchDatabase, dropBenchDatabase, postgresVersion } from './postgres-database.js';
import { databaseTable, header, targetsTable } from './report.js';
import { sizeLabel, writeResult, type BenchResult, type DatabaseRun, type OperationResult } from './results.js';
import { seedLedger } from './seed.js';
import { heapSample, type HeapSample } from './server-memory.js';
import type { Measurement } from './stats.js';
import { checkTargets } from './targets.js';
import { runCleanups } from './cleanups.js';

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

const cleanups = runCleanups(log);
setTimeout(() => cleanups.abort(`still running after ${WATCHDOG_MS / 60_000} minutes`), WATCHDOG_MS).unref();

function serverEnvironment(database: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name === 'DATABASE_URL' || name.startsWith('LEDGER_')) delete env[name];
  return { ...env, ...SERVER_ENVIRONMENT, ...database };
}

// BENCH_SERVER_NODE_ARGS reach the server's node alone, e.g. `--cpu-prof` to see where its time goes.
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

const { measured, operationLoad } = measuring(options, log);

/** The bare Fastify route in its own process, under the same load as "get customer by id". */
async function httpCeiling(samples: Samples, apiKey: string): Promise<Measurement> {
  const server = await startServerProcess(['--import', 'tsx', 'bench/http-ceiling-server.ts'], {
    ...process.env,
    BENCH_CUSTOMER_JSON: JSON.stringify(samples.customerJson),
  });
  try {
    const get = OPERATIONS.find((op) => op.name === 'customer.get.id')!;
    return await measured('HTTP ceiling', (_phase, seconds) =>
      operationLoad(get, server.url, apiKey, samples, 0, seconds),
    );
  } finally {
    await server.stop();
  }
}

/** The operations of this run: all, or those --only names. */
const SELECTED = OPERATIONS.filter(
  (op) => options.only.length === 0 || options.only.some((part) => op.name.includes(part)),
);

async function measureOperations(server: ServerProcess, samples: Samples, apiKey: string) {
  const results: (Measurement & { name: string; rssAfterMiB: number | null; heap: HeapSample | null })[] = [];
  for (const op of SELECTED) {
    const result = await measured(op.label, (phase, seconds) =>
      operationLoad(op, server.url, apiKey, samples, phase, seconds),
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
  /** The payment ceiling, and the write ceilings the run's operations are compared with. */
  dbCeilings: DatabaseCeilings;
  serverDatabase: Record<string, string>;
  /** Opens the database again (once the server has stopped) for the final invariant check. */
  reopen: () => ReturnType<typeof openStorage>;
}

/** Seeds, samples and measures the database ceilings, then closes the database for the server to open. */
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
    const needed = [...new Set(SELECTED.map((op) => op.ceiling))];
    const ceilings = (ceilingDb: CeilingDatabase) =>
      databaseCeilings(ceilingDb, { ledgerId: seeded.ledgerId, samples, workers: opts.connections, needed, measured });
    let dbCeilings: Prepared['dbCeilings'];
    if (kind === 'postgres') {
      // A plain pg Pool as large as the server's, not the app's storage layer.
      const pool = new pg.Pool({ connectionString: storage.databaseUrl, max: DEFAULT_POOL_SIZE });
      // An idle client whose backend ends (a database dropped WITH (FORCE)) must not end the run.
      pool.on('error', () => undefined);
      try {
        dbCeilings = await ceilings(poolDatabase(pool));
      } finally {
        await pool.end();
      }
    } else {
      dbCeilings = await ceilings(db);
    }
    return {
      version,
      seedSeconds,
      afterSeed,
      ledgerId: seeded.ledgerId,
      apiKey: seeded.apiKey,
      samples,
      dbCeilings,
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
  await cleanups.run();

  const ceilings = { http, ...prepared.dbCeilings };
  const operations: OperationResult[] = measuredOps.map(({ rssAfterMiB, ...m }) => {
    const op = OPERATIONS.find((o) => o.name === m.name)!;
    const share = m.rps / ceilings[op.ceiling]!.rps;
    return { ...m, label: op.label, ceiling: op.ceiling, share, rssAfterMB: toMB(rssAfterMiB) };
  });
  const run: DatabaseRun = {
    database: kind,
    version: prepared.version,
    seedSeconds: prepared.seedSeconds,
    ceilings,
    operations,
    serverRssMB: { start: toMB(rssStart), peak: toMB(server.peakRssMiB()), after: toMB(rssAfter) },
    invariants: { afterSeed: prepared.afterSeed, afterLoad },
  };
  if (kind === 'postgres' && options.peerPgledger) {
    run.peers = await pgledgerPeer(options.peerPgledger, prepared, operations);
  }
  return run;
}

/** pgledger on the same server, and our payments as a share of its transfers; undefined if it failed. */
async function pgledgerPeer(dir: string, prepared: Prepared, operations: OperationResult[]) {
  try {
    const peer = await measurePgledger({
      dir,
      postgresUrl: options.postgresUrl,
      database: `${options.benchDatabase}_pgledger`,
      // As many accounts as our cold payments pick from, so that "cold" means the same for both.
      accounts: prepared.samples.accounts.length,
      workers: options.connections,
      poolSize: DEFAULT_POOL_SIZE,
      measure: (label, load) => measured(label, (_phase, seconds) => load(seconds)),
      onAbort: (cleanup) => cleanups.push(cleanup),
    });
    const ours = (name: string) => operations.find((op) => op.name === name);
    return {
      pgledger: { ...peer, ours: sharesOfPeer(peer, { cold: ours('payment.cold'), hot: ours('payment.hot') }) },
    };
  } catch (error) {
    // The ledger's own figures are kept; the run still ends as failed.
    log(`pgledger peer failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
    return undefined;
  }
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
    options: optionsForResult(options),
    environment: SERVER_ENVIRONMENT,
    runs,
    targets: runs.flatMap((run) => checkTargets(run, options.customers, options.connections)),
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
    await cleanups.run();
    // The sampling timers and pools are gone; anything still open must not keep the run alive.
    process.exit();
  });
