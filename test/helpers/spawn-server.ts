import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpawnedServer {
  url: string;
  output: () => string;
  process: ChildProcess;
  /** The file the keys made at first start go to (the output is a pipe, not a terminal). */
  keysFile: string;
  /** The keys in that file, as `mainnet: …` and `testnet: …` lines. */
  keys(): { mainnet?: string; testnet?: string };
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts src/main.ts as `npm start` would, on the given environment, and waits for its banner. */
export async function spawnServer(env: Record<string, string>): Promise<SpawnedServer> {
  const keysFile =
    env.LEDGER_KEYS_FILE ?? join(tmpdir(), `ledger-keys-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', LEDGER_KEYS_FILE: keysFile, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk) => (text += chunk));
  child.stderr.on('data', (chunk) => (text += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 60 s:\n${text}`)), 60_000);
    const look = () => {
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', look);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${text}`));
    });
  });
  return {
    url,
    output: () => text,
    process: child,
    keysFile,
    keys() {
      const text = readFileSync(keysFile, 'utf8');
      return { mainnet: /mainnet: (\S+)/.exec(text)?.[1], testnet: /testnet: (\S+)/.exec(text)?.[1] };
    },
    async stop(signal = 'SIGTERM') {
      // A server that already ended (a crash after its banner) emits no 'exit' any more.
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = await exited;
      return code as number | null;
    },
  };
}
