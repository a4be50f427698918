import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OPERATIONS } from './operations.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface BenchOptions {
  /** Customers seeded, each with one funded account (a few with 1,000 accounts). */
  customers: number;
  /** Concurrent connections of every load, and workers of the database ceiling. */
  connections: number;
  /** Seconds each operation is measured for. */
  durationSeconds: number;
  /** Seconds of unrecorded load before each measurement, so that the JIT and caches are warm. */
  warmupSeconds: number;
  databases: DatabaseKind[];
  /** A PostgreSQL server on this machine; the bench creates and drops its own database there. */
  postgresUrl: string;
  benchDatabase: string;
  /** Operations whose name contains one of these (all when empty): for iterating on one. */
  only: string[];
  /** Skip `npm run build` (the server under test runs from dist/). */
  skipBuild: boolean;
  resultsDir: string;
  /** A checkout of pgledger to measure as a peer on PostgreSQL (bench/peer-pgledger.ts), or null. */
  peerPgledger: string | null;
}

const USAGE = `npm run bench -- [options]
  --customers <n>      customers to seed (default 100000; 1000000 for the large run)
  --connections <n>    concurrent connections (default 32)
  --duration <s>       seconds per operation (default 10)
  --warmup <s>         unrecorded seconds before each operation (default 2)
  --databases <list>   pglite,postgres (default both)
  --postgres-url <url> PostgreSQL server on loopback (default postgres://postgres@127.0.0.1:5432)
  --only <names>       comma-separated parts of operation names to run (default all)
  --skip-build         do not run npm run build first
  --results <dir>      where results go (default bench/results)
  --peer-pgledger <dir> also measure pgledger, given a checkout of github.com/pgr0ss/pgledger, on
                       PostgreSQL: its own transfer workload, cold and with one hot sender, in a
                       database of its own, against our payments (needs postgres in --databases)`;

/** The operations' names, a few to a line. */
function operationList(): string {
  const lines: string[] = [];
  for (const { name } of OPERATIONS) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + name.length < 96) lines[last] += `, ${name}`;
    else lines.push(`  ${name}`);
  }
  return lines.join(',\n');
}

function positiveInteger(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, not '${text}'\n\n${USAGE}`);
  }
  return value;
}

// Load is only ever sent to this machine: the bench refuses any other PostgreSQL host.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string', default: '100000' },
      connections: { type: 'string', default: '32' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      databases: { type: 'string', default: 'pglite,postgres' },
      'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
      only: { type: 'string', default: '' },
      'skip-build': { type: 'boolean', default: false },
      results: { type: 'string', default: 'bench/results' },
      'peer-pgledger': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(`${USAGE}\n\noperations, in the order they run:\n${operationList()}`);
    process.exit(0);
  }
  const databases = values.databases.split(',').filter(Boolean);
  for (const kind of databases) {
    if (kind !== 'pglite' && kind !== 'postgres') throw new Error(`--databases: unknown '${kind}'\n\n${USAGE}`);
  }
  const postgresUrl = new URL(values['postgres-url']);
  if (!LOOPBACK_HOSTS.has(postgresUrl.hostname)) {
    throw new Error(`--postgres-url must point at this machine (127.0.0.1), not '${postgresUrl.hostname}'`);
  }
  const peer = values['peer-pgledger'];
  if (peer !== undefined) {
    if (!existsSync(join(peer, 'pgledger.sql'))) throw new Error(`--peer-pgledger: no pgledger.sql in '${peer}'`);
    if (!databases.includes('postgres'))
      throw new Error('--peer-pgledger runs on PostgreSQL: add postgres to --databases');
  }
  return {
    customers: positiveInteger('customers', values.customers, 1000, 10_000_000),
    connections: positiveInteger('connections', values.connections, 1, 256),
    durationSeconds: positiveInteger('duration', values.duration, 1, 120),
    warmupSeconds: positiveInteger('warmup', values.warmup, 0, 30),
    databases: databases as DatabaseKind[],
    postgresUrl: postgresUrl.toString().replace(/\/$/, ''),
    benchDatabase: 'ledger_bench',
    only: values.only.split(',').filter(Boolean),
    skipBuild: values['skip-build'],
    resultsDir: values.results,
    peerPgledger: peer === undefined ? null : resolve(peer),
  };
}

/** A database URL on the same server, naming another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
