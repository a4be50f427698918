import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { basename, isAbsolute } from 'node:path';

// What the figures were measured on: they mean little without the machine, and a loaded machine
// (another job's CPU) shows in the load averages taken before and after.

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  pglite: string;
  commit: string | null;
  loadAverage: number[];
}

function packageVersion(name: string): string {
  const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

function commit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return null;
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pglite: packageVersion('@electric-sql/pglite'),
    commit: commit(),
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/**
 * The options as a result records them: a folder given as an absolute path (`--results`, `--tree`, a
 * peer's checkout) by its last name only, so that a committed result names no folder of the machine.
 */
export function optionsForResult<T extends object>(options: T): T {
  return Object.fromEntries(
    Object.entries(options).map(([name, value]) => [
      name,
      typeof value === 'string' && isAbsolute(value) ? basename(value) : value,
    ]),
  ) as T;
}
