// `npm run bench:import`: measures `ledger import` (docs/decisions/0038-ledger-import.md) copying a
// large ledger between two servers on this machine. Seeds a source ledger on PostgreSQL with bulk SQL
// (bench/import-seed.ts: customers with one account each, a mint per account and payments between
// them, spread over 90 days), starts the server on it in a process of its own, then runs the import
// into a fresh target database as a process of its own too, the way an operator would, sampling its
// memory every second. Writes bench/results/import-<time>.json and prints a summary: time and memory
// at the end of each stage, requests made, and whether the verification found the copy equal.
//   npm run bench:import -- [--customers 100000] [--transactions 1000000] [--max-rps 100000] [--keep]
import { execFile, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { operatorScope } from '../src/domain/tenancy/tenancy.service.js';
import { connectStorage, openStorage } from '../src/storage/connect.js';
import { startServerProcess, type ServerProcess } from './child-process.js';
import { importSeedShape, seedImportSource, type SeededSource } from './import-seed.js';
import { brokenInvariants } from './ledger-check.js';
import { machineInfo, optionsForResult } from './machine.js';
import { databaseUrl } from './options.js';
import { createBenchDatabase, dropBenchDatabase, postgresVersion } from './postgres-database.js';
import { runCleanups } from './cleanups.js';

const USAGE = `npm run bench:import -- [options]
  --customers <n>        customers in the source ledger, one account each (default 100000)
  --transactions <n>     transaction records in all: a mint per account, payments of two records for the rest
                         (default 1000000)
  --max-rps <n>          the import's --max-rps (default 100000: the source's pace, not the client's)
  --analyze-every <s>    ANALYZE the target database every <s> seconds while the import runs, as autovacuum
                         would (default 0: never, the server's own autovacuum setting alone)
  --timeout <minutes>    stop the import after this long and report how far it came (default 60)
  --postgres-url <url>   PostgreSQL server on loopback (default postgres://postgres@127.0.0.1:5432)
  --results <dir>        where the result goes (default bench/results)
  --tree <dir>           the checkout whose server and \`ledger\` command run (default this one): a snapshot
                         (git archive) keeps the figures clear of edits made meanwhile
  --keep                 keep both databases (ledger_import_source, ledger_import_target) afterwards`;

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    transactions: { type: 'string', default: '1000000' },
    'max-rps': { type: 'string', default: '100000' },
    timeout: { type: 'string', default: '60' },
    'analyze-every': { type: 'string', default: '0' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    results: { type: 'string', default: 'bench/results' },
    keep: { type: 'boolean', default: false },
    tree: { type: 'string', default: '.' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function whole(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, not '${text}'\n\n${USAGE}`);
  }
  return value;
}

const postgresUrl = new URL(values['postgres-url']);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(postgresUrl.hostname)) {
  throw new Error(`--postgres-url must point at this machine (127.0.0.1), not '${postgresUrl.hostname}'`);
}
const options = {
  customers: whole('customers', values.customers, 2, 10_000_000),
  transactions: whole('transactions', values.transactions, 0, 100_000_000),
  maxRps: whole('max-rps', values['max-rps'], 1, 1_000_000),
  timeoutMinutes: whole('timeout', values.timeout, 1, 24 * 60),
  analyzeEverySeconds: whole('analyze-every', values['analyze-every'], 0, 3600),
  postgresUrl: postgresUrl.toString().replace(/\/$/, ''),
  resultsDir: values.results,
  keep: values.keep,
  tree: resolve(values.tree),
};
if (!existsSync(join(options.tree, 'src/main.ts')) || !existsSync(join(options.tree, 'test/helpers/run-cli.ts'))) {
  throw new Error(`--tree: no src/main.ts and test/helpers/run-cli.ts in '${options.tree}'`);
}
const SERVER_MAIN = join(options.tree, 'src/main.ts');
const CLI_MAIN = join(options.tree, 'test/helpers/run-cli.ts');
const SOURCE_DATABASE = 'ledger_import_source';
const TARGET_DATABASE = 'ledger_import_target';
const TARGET_TENANT = 'import-target';

const log = (line: string) => process.stderr.write(`[bench:import] ${line}\n`);

// The source server as bench/run.ts configures the server under test: no rate limit, warnings only.
const SERVER_ENVIRONMENT = { LOG_LEVEL: 'warn', LEDGER_RATE_LIMIT_RPS: 'off', PORT: '0', HOST: '127.0.0.1' };

/** The environment of a child: this one's, without any database or ledger setting of the operator's. */
function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name === 'DATABASE_URL' || name.startsWith('LEDGER_')) delete env[name];
  return { ...env, ...extra };
}

const cleanups = runCleanups(log);

// ---- /proc: memory and CPU of a process, and of the machine ----

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** VmRSS and VmHWM (the highest RSS so far), in MiB; null once the process is gone. */
function memoryOf(pid: number): { rssMiB: number; hwmMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kB = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: round(kB('VmRSS') / 1024), hwmMiB: round(kB('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

/** User + system CPU seconds of a process so far; null once it is gone. */
function cpuOf(pid: number): number | null {
  try {
    // The command name, in parentheses, may hold spaces: the fields are counted after its closing one.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/**
 * CPU seconds of the PostgreSQL backends serving each of `databases` since the sampler started, sampled
 * every second (pg_stat_activity names each backend's database; /proc counts its CPU). A backend that
 * ends loses at most its last second; one there at the start counts from there.
 */
function backendCpuSampler(serverUrl: string, databases: string[]) {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  client.on('error', () => undefined);
  const backends = new Map<number, { database: string; base: number; last: number }>();
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    try {
      const { rows } = await client.query<{ pid: number; datname: string }>(
        'SELECT pid, datname FROM pg_stat_activity WHERE datname = ANY($1::text[])',
        [databases],
      );
      for (const { pid, datname } of rows) {
        const cpu = cpuOf(pid);
        if (cpu === null) continue;
        const known = backends.get(pid);
        if (known) known.last = cpu;
        else backends.set(pid, { database: datname, base: started ? 0 : cpu, last: cpu });
      }
    } finally {
      busy = false;
    }
  };
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  return {
    async start() {
      await client.connect();
      await sample();
      started = true;
      timer = setInterval(() => void sample().catch(() => undefined), 1000);
    },
    /** CPU seconds so far, by database. */
    now(): Record<string, number> {
      const spent = Object.fromEntries(databases.map((d) => [d, 0]));
      for (const { database, base, last } of backends.values()) spent[database] = (spent[database] ?? 0) + last - base;
      return spent;
    },
    async stop() {
      clearInterval(timer);
      await sample().catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** The machine's CPU time so far, busy and in all, in seconds of one core. */
function machineCpu(): { busy: number; all: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const all = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: (all - idle) / CLOCK_TICKS, all: all / CLOCK_TICKS };
}

const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;

interface CpuReading {
  importer: number | null;
  source: number | null;
  /** The backends of the source's database and of the target's. */
  postgres: Record<string, number>;
  machine: { busy: number; all: number };
}

type BackendCpu = ReturnType<typeof backendCpuSampler>;

function cpuReading(importerPid: number, sourcePid: number, backends: BackendCpu): CpuReading {
  return { importer: cpuOf(importerPid), source: cpuOf(sourcePid), postgres: backends.now(), machine: machineCpu() };
}

/** CPU seconds spent between two readings, by whom; the machine's as a share of all its cores. */
function cpuBetween(before: CpuReading, after: CpuReading) {
  const spent = (a: number | null, b: number | null) => (a === null || b === null ? null : round(b - a));
  const all = after.machine.all - before.machine.all;
  return {
    importerSeconds: spent(before.importer, after.importer),
    sourceServerSeconds: spent(before.source, after.source),
    sourceDatabaseSeconds: round((after.postgres[SOURCE_DATABASE] ?? 0) - (before.postgres[SOURCE_DATABASE] ?? 0)),
    targetDatabaseSeconds: round((after.postgres[TARGET_DATABASE] ?? 0) - (before.postgres[TARGET_DATABASE] ?? 0)),
    machineBusyShare: all > 0 ? round((after.machine.busy - before.machine.busy) / all, 2) : null,
  };
}

/**
 * ANALYZE of the target database every `seconds`, one at a time: the statistics autovacuum would keep
 * on a server that runs it. The import's tables start empty, and a plan made then (a prepared
 * statement's generic plan) is made again only once statistics of its tables change.
 */
function periodicAnalyze(url: string, seconds: number) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  const runs: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  return {
    async start() {
      await client.connect();
      timer = setInterval(() => {
        running = running.then(async () => {
          const started = performance.now();
          await client.query('ANALYZE').catch(() => undefined);
          runs.push(performance.now() - started);
        });
      }, seconds * 1000);
    },
    async stop() {
      clearInterval(timer);
      await running;
      await client.end().catch(() => undefined);
      return { everySeconds: seconds, runs: runs.length, seconds: round(runs.reduce((a, b) => a + b, 0) / 1000) };
    },
  };
}

// ---- The import as a process of its own ----

/** A stage line of the import's progress on standard error, as it prints them into a pipe. */
const STAGE_LINE = /^(\w+): ([\d,]+)(?: of ([\d,]+))? (?:written|checked) · ([\d,]+)\/s · (.+)$/;
const count = (text: string) => Number(text.replace(/,/g, ''));

interface StageEnd {
  stage: string;
  items: number;
  total: number | null;
  /** As the import reported it: its own duration and rate of the stage. */
  reportedDuration: string;
  reportedRate: number;
  /** By this bench's clock: seconds from the import's start to this line, and since the line before. */
  atSeconds: number;
  seconds: number;
  rssMiB: number | null;
  hwmMiB: number | null;
  cpu: ReturnType<typeof cpuBetween>;
}

interface MemorySample {
  atSeconds: number;
  rssMiB: number;
  /**
   * The stage under way then: the next one to end after it (known once it has ended); for a stopped
   * import, `after <stage>` once it had ended the last stage it printed.
   */
  stage: string;
}

interface ImportOutput {
  import: { counts: Record<string, number>; leftOut: string[]; leftOutCount: number } | null;
  verification: {
    customers: number;
    accounts: number;
    differences: { what: string; source: unknown; target: unknown }[];
    differenceCount: number;
  };
  source: { requests: number; throttled: number; retried: number };
  exitCode: number;
}

interface ImportRun {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  seconds: number;
  stages: StageEnd[];
  samples: MemorySample[];
  peakRssMiB: number | null;
  /** Lines of standard error that are not stage lines: pauses, retries, errors. */
  notes: string[];
  output: ImportOutput | null;
  stdout: string;
  cpu: ReturnType<typeof cpuBetween>;
  /** Where a stopped import was: the stage it had ended last, and the time and CPU since. */
  unfinished: { after: string | null; seconds: number; cpu: ReturnType<typeof cpuBetween> } | null;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], {
    env,
    maxBuffer: 16 * 2 ** 20,
  }).then(({ stdout }) => stdout);
}

async function runImport(
  source: ServerProcess,
  seeded: SeededSource,
  targetUrl: string,
  timeoutMs: number,
): Promise<ImportRun> {
  const backends = backendCpuSampler(options.postgresUrl, [SOURCE_DATABASE, TARGET_DATABASE]);
  await backends.start();
  const args = [
    ...['--import', 'tsx', CLI_MAIN, 'import', '--from', source.url, '--from-key', seeded.apiKey],
    ...['--tenant', TARGET_TENANT, '--network', 'testnet', '--max-rps', String(options.maxRps), '--json'],
  ];
  const env = childEnvironment({ DATABASE_URL: targetUrl, LEDGER_IMPORT_SETTLE_MS: '0' });
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid!;
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const seconds = () => round((performance.now() - startedAt) / 1000, 2);
  // The importer's CPU is read for the last time before it exits: /proc forgets it then.
  let importerCpu = 0;
  const reading = () => {
    const now = cpuReading(pid, source.pid, backends);
    if (now.importer === null) now.importer = importerCpu;
    else importerCpu = now.importer;
    return now;
  };
  const firstCpu = reading();
  let lastCpu = firstCpu;

  const stages: StageEnd[] = [];
  const samples: { atSeconds: number; rssMiB: number }[] = [];
  const notes: string[] = [];
  let peakRssMiB: number | null = null;
  const sample = () => {
    const memory = memoryOf(pid);
    if (!memory) return null;
    peakRssMiB = Math.max(peakRssMiB ?? 0, memory.hwmMiB);
    return memory;
  };
  const sampler = setInterval(() => {
    const memory = sample();
    if (memory) samples.push({ atSeconds: seconds(), rssMiB: memory.rssMiB });
    reading();
  }, 1000);

  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const lines = createInterface({ input: child.stderr });
  // Listened for now: standard error may close before the exit is seen.
  const linesRead = once(lines, 'close');
  lines.on('line', (line) => {
    const match = STAGE_LINE.exec(line);
    if (!match) {
      notes.push(line);
      log(`import: ${line}`);
      return;
    }
    const at = seconds();
    const memory = sample();
    const cpu = reading();
    const end: StageEnd = {
      stage: match[1]!,
      items: count(match[2]!),
      total: match[3] === undefined ? null : count(match[3]),
      reportedDuration: match[5]!,
      reportedRate: count(match[4]!),
      atSeconds: at,
      seconds: round(at - (stages.at(-1)?.atSeconds ?? 0), 2),
      rssMiB: memory?.rssMiB ?? null,
      hwmMiB: memory?.hwmMiB ?? null,
      cpu: cpuBetween(lastCpu, cpu),
    };
    lastCpu = cpu;
    stages.push(end);
    log(`import: ${line}  [${end.seconds} s here, RSS ${end.rssMiB} MiB]`);
  });

  let timedOut = false;
  const watchdog = setTimeout(() => {
    timedOut = true;
    log(`import still running after ${timeoutMs / 60_000} min: stopping it (SIGTERM to ${pid})`);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
  }, timeoutMs);
  const [exitCode, signal] = await exited;
  clearTimeout(watchdog);
  clearInterval(sampler);
  const total = seconds();
  await linesRead;
  await backends.stop();
  const lastCpuReading = reading();

  let output: ImportOutput | null = null;
  try {
    output = stdout.trim() ? (JSON.parse(stdout) as ImportOutput) : null;
  } catch {
    output = null;
  }
  const labelled = samples.map((s) => ({
    ...s,
    stage: stages.find((e) => e.atSeconds >= s.atSeconds)?.stage ?? `after ${stages.at(-1)?.stage ?? 'the start'}`,
  }));
  return {
    exitCode,
    signal,
    timedOut,
    seconds: total,
    stages,
    samples: labelled,
    peakRssMiB,
    notes,
    output,
    stdout: output ? '' : stdout.slice(0, 5000),
    cpu: cpuBetween(firstCpu, lastCpuReading),
    // A stopped import prints no line for the stage it was in.
    unfinished:
      stages.at(-1)?.stage === 'verify'
        ? null
        : {
            after: stages.at(-1)?.stage ?? null,
            seconds: round(total - (stages.at(-1)?.atSeconds ?? 0), 2),
            cpu: cpuBetween(lastCpu, lastCpuReading),
          },
  };
}

// ---- What single requests of each kind cost at the source, measured before the import ----

interface Probe {
  name: string;
  request: string;
  items: number | null;
  medianMs: number;
  p95Ms: number;
}

async function probeSource(url: string, key: string, seeded: SeededSource): Promise<Probe[]> {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as unknown;
  };
  const sized = (answer: unknown) => (Array.isArray(answer) ? answer.length : null);
  // A slice in the middle of the history the size of the import's (at most 5,000 records: 2,500 payments).
  const { firstMs, stepMs, events } = seeded.history;
  const sliceEvents = Math.min(2500, Math.floor(events / 2));
  const from = Math.floor(firstMs + Math.floor(events / 2) * stepMs);
  const to = Math.floor(from + sliceEvents * stepMs);
  const [someAccount] = (await call('GET', '/v3/ledger/account?pageSize=1&offset=1')) as { id: string }[];
  const probes: [string, 'GET' | 'POST', string, unknown?][] = [
    ['customers, first page', 'GET', '/v3/ledger/customer?pageSize=50&offset=0'],
    ['customers, last page', 'GET', `/v3/ledger/customer?pageSize=50&offset=${seeded.customers - 50}`],
    ['accounts, first page', 'GET', '/v3/ledger/account?pageSize=50&offset=0'],
    ['accounts, last page', 'GET', `/v3/ledger/account?pageSize=50&offset=${seeded.accounts - 50}`],
    ['transaction count of a slice', 'POST', '/v3/ledger/transaction/ledger?count=true', { from, to }],
    ['slice, first page', 'POST', '/v3/ledger/transaction/ledger?pageSize=50&offset=0', { from, to }],
    ['slice, page at offset 4950', 'POST', '/v3/ledger/transaction/ledger?pageSize=50&offset=4950', { from, to }],
    ['transaction count of an account', 'POST', '/v3/ledger/transaction/account?count=true', { id: someAccount!.id }],
  ];
  const results: Probe[] = [];
  for (const [name, method, path, body] of probes) {
    const times: number[] = [];
    let items: number | null = null;
    for (let i = 0; i < 21; i++) {
      const started = performance.now();
      const answer = await call(method, path, body);
      // The first is a warm-up: plans cached, pages in memory.
      if (i > 0) times.push(performance.now() - started);
      items = sized(answer) ?? (typeof answer === 'number' ? answer : null);
    }
    times.sort((a, b) => a - b);
    const request = `${method} ${path}${body === undefined ? '' : ` ${JSON.stringify(body)}`}`;
    results.push({
      name,
      request,
      items,
      medianMs: round(times[Math.floor(times.length / 2)]!, 2),
      p95Ms: round(times[Math.ceil(times.length * 0.95) - 1]!, 2),
    });
  }
  return results;
}

// ---- The run ----

async function seedSource(sourceUrl: string) {
  const db = await connectStorage({ databaseUrl: sourceUrl, dataDir: '' });
  try {
    const started = performance.now();
    const lines: string[] = [];
    const seeded = await seedImportSource(
      db,
      { customers: options.customers, transactions: options.transactions },
      (line) => {
        lines.push(line);
        log(`seed: ${line}`);
      },
    );
    const seconds = round((performance.now() - started) / 1000);
    const checkStarted = performance.now();
    const broken = await brokenInvariants(db, seeded.ledgerId);
    const checkSeconds = round((performance.now() - checkStarted) / 1000);
    log(`seeded in ${seconds} s; invariants: ${broken.length === 0 ? 'all hold' : broken.join('; ')}`);
    return { seeded, seconds, lines, brokenInvariants: broken, checkSeconds };
  } finally {
    await db.close();
  }
}

/** The target after the import: what it holds, and whether it is a ledger the app could have written. */
async function checkTarget(targetUrl: string, invariants: boolean) {
  const db = await openStorage({ databaseUrl: targetUrl, dataDir: '' });
  try {
    const { ledgerId } = await operatorScope(db, TARGET_TENANT, 'testnet');
    const [held] = await db.query<{ customers: number; accounts: number; records: number }>(
      `SELECT (SELECT count(*) FROM customers WHERE ledger_id = $1)::int AS customers,
              (SELECT count(*) FROM accounts WHERE ledger_id = $1)::int AS accounts,
              (SELECT count(*) FROM transactions WHERE ledger_id = $1)::int AS records`,
      [ledgerId],
    );
    // A stopped import's ledger is a part of one: only what it holds is told.
    return { ...held!, brokenInvariants: invariants ? await brokenInvariants(db, ledgerId) : null };
  } finally {
    await db.close();
  }
}

/** The tree's commit, and whether its sources differ from it (edits not committed). */
function treeCommit(tree: string): string | null {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', tree, ...args], { encoding: 'utf8', stdio: 'pipe' }).trim();
    const changed = git('status', '--porcelain', '--', 'src', 'migrations');
    return `${git('rev-parse', '--short', 'HEAD')}${changed ? ` with edits: ${changed.replace(/\n/g, ', ')}` : ''}`;
  } catch {
    return null;
  }
}

/** RSS over each stage's samples: flat from stage to stage is what an import's memory should be. */
function memoryByStage(samples: MemorySample[]) {
  const byStage = new Map<string, number[]>();
  for (const { stage, rssMiB } of samples) byStage.set(stage, [...(byStage.get(stage) ?? []), rssMiB]);
  return [...byStage].map(([stage, values]) => {
    const sorted = values.sort((a, b) => a - b);
    return {
      stage,
      samples: sorted.length,
      minMiB: sorted[0]!,
      medianMiB: sorted[Math.floor(sorted.length / 2)]!,
      maxMiB: sorted.at(-1)!,
    };
  });
}

async function showSetting(url: string, name: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ setting: string }>('SELECT setting FROM pg_settings WHERE name = $1', [name]);
    return rows[0]?.setting ?? null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return os.loadavg().join(' ');
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  // The tree by its commit only: a result names no folder of the machine it ran on.
  const machine = { ...machineInfo(), treeCommit: treeCommit(options.tree) };
  const uptimeBefore = uptime();
  const shape = importSeedShape(options);
  log(
    `${options.customers} customers, ${shape.records} records (${shape.payments} payments); ` +
      `${machine.cpus} cores, ${uptimeBefore}`,
  );

  const sourceUrl = await createBenchDatabase(options.postgresUrl, SOURCE_DATABASE);
  if (!options.keep) cleanups.push(() => dropBenchDatabase(options.postgresUrl, SOURCE_DATABASE));
  const version = await postgresVersion(sourceUrl);
  const seed = await seedSource(sourceUrl);
  const { seeded } = seed;

  const server = await startServerProcess(
    ['--import', 'tsx', SERVER_MAIN],
    childEnvironment({ ...SERVER_ENVIRONMENT, DATABASE_URL: sourceUrl }),
  );
  cleanups.push(() => server.stop());
  const sourceRssStart = server.rssMiB();
  log(`source server pid ${server.pid} on ${server.url}`);
  const probes = await probeSource(server.url, seeded.apiKey, seeded);
  for (const p of probes) log(`source: ${p.name}: median ${p.medianMs} ms, p95 ${p.p95Ms} ms (${p.items})`);

  const targetUrl = await createBenchDatabase(options.postgresUrl, TARGET_DATABASE);
  if (!options.keep) cleanups.push(() => dropBenchDatabase(options.postgresUrl, TARGET_DATABASE));
  await (await connectStorage({ databaseUrl: targetUrl, dataDir: '' })).close();
  await runCli(['tenants', 'create', TARGET_TENANT, '--json'], childEnvironment({ DATABASE_URL: targetUrl }));

  const loadAverageAtImport = os.loadavg().map((n) => round(n, 2));
  log(`import started; load average ${loadAverageAtImport.join(' ')}`);
  const analyzer = options.analyzeEverySeconds > 0 ? periodicAnalyze(targetUrl, options.analyzeEverySeconds) : null;
  await analyzer?.start();
  const run = await runImport(server, seeded, targetUrl, options.timeoutMinutes * 60_000);
  const analyzed = (await analyzer?.stop()) ?? null;
  const sourceRss = { startMiB: sourceRssStart, peakMiB: server.peakRssMiB(), endMiB: server.rssMiB() };
  await server.stop();
  const finished = run.output !== null;
  const target = await checkTarget(targetUrl, finished);

  const transactionsStage = run.stages.find((s) => s.stage === 'transactions');
  const verifyStage = run.stages.find((s) => s.stage === 'verify');
  const importSeconds = round(
    run.stages.filter((s) => s.stage !== 'verify').reduce((t, s) => t + s.seconds, 0),
    2,
  );
  const result = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    uptimeBefore,
    loadAverageAtImport,
    /** The server's autovacuum setting, and the bench's own ANALYZE runs on the target during the import. */
    autovacuum: await showSetting(sourceUrl, 'autovacuum'),
    targetAnalyze: analyzed,
    loadAverageAfter: os.loadavg().map((n) => round(n, 2)),
    postgres: version,
    options: optionsForResult(options),
    sizes: {
      customers: seeded.customers,
      accounts: seeded.accounts,
      records: seeded.records,
      payments: seeded.payments,
      historyDays: round((seeded.history.stepMs * seeded.history.events) / 86_400_000),
    },
    seed: {
      seconds: seed.seconds,
      steps: seed.lines,
      brokenInvariants: seed.brokenInvariants,
      invariantCheckSeconds: seed.checkSeconds,
    },
    source: { environment: SERVER_ENVIRONMENT, rss: sourceRss, probes },
    import: {
      exitCode: run.exitCode,
      signal: run.signal,
      timedOut: run.timedOut,
      totalSeconds: run.seconds,
      /** The stages up to the verification, by this bench's clock (the process's start included). */
      importSeconds,
      verifySeconds: verifyStage?.seconds ?? null,
      recordsPerSecond: transactionsStage ? Math.round(transactionsStage.items / transactionsStage.seconds) : null,
      recordsPerSecondOverall: finished && importSeconds > 0 ? Math.round(seeded.records / importSeconds) : null,
      peakRssMiB: run.peakRssMiB,
      requests: run.output?.source ?? null,
      counts: run.output?.import?.counts ?? null,
      leftOutCount: run.output?.import?.leftOutCount ?? null,
      leftOut: run.output?.import?.leftOut ?? null,
      verification: run.output?.verification ?? null,
      reportedExitCode: run.output?.exitCode ?? null,
      cpu: run.cpu,
      stages: run.stages,
      unfinished: run.unfinished,
      notes: run.notes,
      stdout: run.stdout || undefined,
      memoryByStage: memoryByStage(run.samples),
      memorySamples: run.samples,
    },
    target,
  };
  await mkdir(options.resultsDir, { recursive: true });
  const file = join(options.resultsDir, `import-${startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, JSON.stringify(result, null, 2) + '\n');
  console.log(summary(result));
  console.log(`results: ${file}`);
  if (run.exitCode !== 0) process.exitCode = 1;
}

type Result = {
  sizes: { customers: number; accounts: number; records: number; payments: number };
  seed: { seconds: number; brokenInvariants: string[] };
  uptimeBefore: string;
  loadAverageAfter: number[];
  autovacuum: string | null;
  targetAnalyze: { everySeconds: number; runs: number; seconds: number } | null;
  import: {
    exitCode: number | null;
    timedOut: boolean;
    totalSeconds: number;
    importSeconds: number;
    verifySeconds: number | null;
    recordsPerSecond: number | null;
    recordsPerSecondOverall: number | null;
    peakRssMiB: number | null;
    memoryByStage: ReturnType<typeof memoryByStage>;
    requests: { requests: number; throttled: number; retried: number } | null;
    verification: ImportOutput['verification'] | null;
    leftOutCount: number | null;
    stages: StageEnd[];
    unfinished: ImportRun['unfinished'];
  };
  target: { customers: number; accounts: number; records: number; brokenInvariants: string[] | null };
};

function cpuText(cpu: ReturnType<typeof cpuBetween>): string {
  const busy = cpu.machineBusyShare === null ? '-' : `${Math.round(cpu.machineBusyShare * 100)} %`;
  return `${cpu.importerSeconds}, ${cpu.sourceServerSeconds}, ${cpu.sourceDatabaseSeconds}, ${cpu.targetDatabaseSeconds}; ${busy}`;
}

function summary(result: Result): string {
  const { sizes, seed, import: run, target } = result;
  const pad = (text: unknown, width: number) => String(text ?? '-').padStart(width);
  const lines = [
    `import of ${sizes.customers.toLocaleString('en-US')} customers, ${sizes.accounts.toLocaleString('en-US')} accounts, ` +
      `${sizes.records.toLocaleString('en-US')} records (PostgreSQL → PostgreSQL)`,
    `before: ${result.uptimeBefore}`,
    `PostgreSQL autovacuum ${result.autovacuum}; ` +
      (result.targetAnalyze
        ? `the bench ran ANALYZE on the target every ${result.targetAnalyze.everySeconds} s ` +
          `(${result.targetAnalyze.runs} times, ${result.targetAnalyze.seconds} s in all)`
        : 'no ANALYZE of the target during the import'),
    `seeding: ${seed.seconds} s; invariants ${seed.brokenInvariants.length === 0 ? 'hold' : seed.brokenInvariants.join('; ')}`,
    '',
    `${'stage'.padEnd(14)}${pad('items', 10)}${pad('s', 9)}${pad('items/s', 9)}${pad('RSS MiB', 9)}` +
      '  CPU s: importer, source server, source db, target db; machine busy',
    ...run.stages.map(
      (s) =>
        `${s.stage.padEnd(14)}${pad(s.items, 10)}${pad(s.seconds.toFixed(1), 9)}${pad(s.seconds > 0 ? Math.round(s.items / s.seconds) : '', 9)}` +
        `${pad(s.rssMiB, 9)}  ${cpuText(s.cpu)}`,
    ),
    ...(run.unfinished
      ? [
          `${'(stopped)'.padEnd(14)}${pad('', 10)}${pad(run.unfinished.seconds.toFixed(1), 9)}${pad('', 9)}${pad('', 9)}` +
            `  ${cpuText(run.unfinished.cpu)}`,
        ]
      : []),
    '',
    `import ${run.importSeconds} s + verification ${run.verifySeconds} s = ${run.totalSeconds} s in all` +
      (run.timedOut ? ' (STOPPED: timeout)' : ''),
    `records/s: ${run.recordsPerSecond} in the transactions stage, ${run.recordsPerSecondOverall} over the import`,
    `RSS by stage (MiB, median/max of 1 s samples): ${run.memoryByStage
      .map((m) => `${m.stage} ${m.medianMiB}/${m.maxMiB}`)
      .join(', ')}`,
    `peak RSS ${run.peakRssMiB} MiB; requests ${run.requests?.requests} (429: ${run.requests?.throttled}, retried: ${run.requests?.retried})`,
    `exit code ${run.exitCode}; verification: ${
      run.verification
        ? `${run.verification.customers} customers, ${run.verification.accounts} accounts, ${run.verification.differenceCount} differences`
        : 'none'
    }; left out ${run.leftOutCount}`,
    ...(run.verification?.differences ?? [])
      .slice(0, 10)
      .map((d) => `  ${d.what}: source ${JSON.stringify(d.source)}, target ${JSON.stringify(d.target)}`),
    `target holds ${target.customers} customers, ${target.accounts} accounts, ${target.records} records; invariants ${
      target.brokenInvariants === null
        ? 'not checked'
        : target.brokenInvariants.length === 0
          ? 'hold'
          : target.brokenInvariants.join('; ')
    }`,
    `load average after: ${result.loadAverageAfter.join(' ')}`,
  ];
  return lines.join('\n');
}

main()
  .catch((error: unknown) => {
    log(`failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanups.run();
    process.exit();
  });
