import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MachineInfo } from './machine.js';
import type { Ceiling } from './operation.js';
import type { BenchOptions, DatabaseKind } from './options.js';
import type { HeapSample } from './server-memory.js';
import type { Measurement } from './stats.js';

// What one run of the bench found, as written to bench/results/<time>-<size>.json.

export interface OperationResult extends Measurement {
  name: string;
  label: string;
  ceiling: Ceiling;
  /** Throughput as a share of its ceiling's. */
  share: number;
  /** The server's resident memory right after this operation's load, and its V8 heap then. */
  rssAfterMB: number | null;
  heap: HeapSample | null;
}

export interface DatabaseRun {
  database: DatabaseKind;
  /** PostgreSQL's server_version, or PGlite's package version. */
  version: string;
  seedSeconds: number;
  /** The HTTP and payment ceilings always; a write ceiling when an operation of the run is compared with it. */
  ceilings: { http: Measurement; db: Measurement } & Partial<Record<Ceiling, Measurement>>;
  operations: OperationResult[];
  /** The ledger server's resident memory: once started, its peak under load, and when the load was over. */
  serverRssMB: { start: number | null; peak: number | null; after: number | null };
  /** Broken ledger invariants, after seeding and after the load: both empty when all is well. */
  invariants: { afterSeed: string[]; afterLoad: string[] };
  /** Other ledgers measured on the same server in the same run (PostgreSQL, with --peer-pgledger). */
  peers?: { pgledger: PeerResult };
}

/** pgledger's own transfer workload, cold and with one hot sender (bench/peer-pgledger.ts). */
export interface PeerResult {
  /** The checkout's commit, when it is a git work tree. */
  commit: string | null;
  /** Its accounts: as many as our cold payments pick from. */
  accounts: number;
  /** Concurrent callers, over a pool as large as our server's. */
  workers: number;
  poolSize: number;
  cold: Measurement;
  hot: Measurement;
  /** Our payment.cold and payment.hot throughput as a share of its cold and hot; null if not measured. */
  ours: { cold: number | null; hot: number | null };
}

export interface TargetCheck {
  database: DatabaseKind;
  target: string;
  figure: string;
  /** null: reported only (no target, or one that applies at another size). */
  pass: boolean | null;
}

export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  /** Load averages when the run ended; compare with machine.loadAverage, taken when it began. */
  loadAverageAfter: number[];
  options: BenchOptions;
  environment: Record<string, string>;
  runs: DatabaseRun[];
  targets: TargetCheck[];
}

export function sizeLabel(customers: number): string {
  if (customers % 1_000_000 === 0) return `${customers / 1_000_000}m`;
  if (customers % 1000 === 0) return `${customers / 1000}k`;
  return String(customers);
}

/** Writes the run's JSON, named by its start time and size; returns the path. */
export async function writeResult(dir: string, result: BenchResult): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const file = join(dir, `${stamp}-${sizeLabel(result.options.customers)}.json`);
  await writeFile(file, JSON.stringify(result, null, 2) + '\n');
  return file;
}
