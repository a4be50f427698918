import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

// A server under test in a process of its own (the ledger, or the bare Fastify ceiling), never in the
// bench's: the load generator must not share an event loop with what it measures. Every child is
// killed when the bench exits, however it exits, so none is left running.

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident memory now, in MiB, from /proc (null where there is no /proc). */
  rssMiB(): number | null;
  /** The highest resident memory seen since the start, sampled every 100 ms. */
  peakRssMiB(): number | null;
  /** What it printed, for an error message. */
  output(): string;
  /** SIGTERM, a graceful stop; SIGKILL if it has not exited within 30 s. */
  stop(): Promise<void>;
}

function readRssMiB(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Starts `args` with node and resolves once it prints `listening on http://…`. */
export async function startServerProcess(args: string[], env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let text = '';
  const append = (chunk: Buffer) => {
    // Keep the start (the banner) and the end (the latest warnings), not everything in between.
    text = text.length < 20_000 ? text + chunk : text.slice(0, 10_000) + '\n…\n' + (text.slice(-5_000) + chunk);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = once(child, 'exit');
  // `once` rejects if the child fails to start ('error'): forgotten then too, and `url` below says why.
  const forget = () => children.delete(child);
  exited.then(forget, forget);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" within 120 s:\n${text}`)), 120_000);
    const look = () => {
      const match = /listening on (http:\/\/[\d.:]+)/.exec(text);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', look);
      resolve(match[1]!);
    };
    child.stdout!.on('data', look);
    exited.then(
      ([code]) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${code} before listening:\n${text}`));
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`refusing to load ${url}: only 127.0.0.1 is a target`);

  const pid = child.pid!;
  let peak: number | null = readRssMiB(pid);
  const sampler = setInterval(() => {
    const rss = readRssMiB(pid);
    if (rss !== null && (peak === null || rss > peak)) peak = rss;
  }, 100);
  sampler.unref();

  return {
    url,
    pid,
    rssMiB: () => readRssMiB(pid),
    peakRssMiB: () => peak,
    output: () => text,
    async stop() {
      clearInterval(sampler);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}
