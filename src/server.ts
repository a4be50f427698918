import v8 from 'node:v8';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { takeBackupsOnRequest } from './backup-listener.js';
import type { Config } from './config.js';
import { DEFAULT_COMPLIANCE_POLICY, loadCompliancePolicy } from './domain/compliance/policy.js';
import { createLedger } from './domain/create-ledger.js';
import { provisionStartupKeys, type StartupKeys } from './domain/tenancy/tenancy.service.js';
import { writeFirstStartKeys } from './first-start-keys.js';
import { buildApp } from './http/app.js';
import { stopGracefully } from './shutdown.js';
import { connectStorage } from './storage/connect.js';

/** Where the banner and the JSON log lines go: process.stdout, or a buffer in tests. */
export interface ServerOutput {
  write(text: string): unknown;
  /** A terminal, where a person reads the keys made at first start; anything else may be collected. */
  isTTY?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port` as it listens. */
  address: string;
  /**
   * Stops within the grace period without resetting a request it received (shutdown.ts), then closes
   * the ledger (the last credits are written) and the database. Once only.
   */
  close(): Promise<void>;
}

/** Where the keys made at first start went: the terminal itself, or a file only its owner reads. */
type KeysShown = { onTerminal: StartupKeys } | { inFile: string } | undefined;

async function showFirstStartKeys(config: Config, out: ServerOutput, made: StartupKeys): Promise<KeysShown> {
  if (!made.mainnet && !made.testnet) return undefined;
  if (out.isTTY) return { onTerminal: made };
  return { inFile: await writeFirstStartKeys(config.keysFile, made) };
}

function banner(config: Config, address: string, keys: KeysShown): string {
  const storage = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  const lines = [``, `Ledger server listening on ${address}`, `Database: ${storage}`];
  if (keys && 'inFile' in keys) {
    lines.push(
      `API keys made at first start (only their hashes are stored) are in ${keys.inFile},`,
      `readable by its owner only: output that is not a terminal may be collected, so keys are never printed there.`,
    );
  } else if (keys) {
    const madeKeys = keys.onTerminal;
    lines.push(
      `API keys, shown this once (only their hashes are stored):`,
      `  mainnet: ${madeKeys.mainnet}`,
      `  testnet: ${madeKeys.testnet}`,
      `Try: curl -H 'x-api-key: ${madeKeys.testnet}' '${address}/v3/ledger/customer?pageSize=10'`,
    );
  } else {
    lines.push(
      `API keys: the ones made at first start or set in the environment; 'npx ledger keys create' makes more.`,
    );
  }
  lines.push(`Reference: ${address}/docs`);
  return lines.join('\n') + '\n\n';
}

/**
 * With PGlite the database lives in the server's own memory, and V8's default heap growth (the heap may
 * double before the next full collection) let a server under write load reach 421 MB of resident memory
 * at 100,000 customers; with a growth of 20% it peaked at 289 to 314 MB, at a cost the benchmark could
 * not tell from its noise. On PostgreSQL the server is small enough without it. V8 reads this factor
 * each time it sizes the heap, so setting it before the first request is enough.
 */
function embeddedDatabaseHeap(): void {
  v8.setFlagsFromString('--heap-growing-percent=20');
}

/**
 * The server as `npm start` and `ledger serve` run it: the database and its migrations, the ledger on
 * it, the startup keys, the app, the ledger started (listening for changes), then listen, and the
 * banner on `out`. Throws ConfigError-like refusals (a broken policy file) before the database is
 * opened. Stopping closes them in the other order: the app, the ledger, the database.
 */
export async function startServer(config: Config, out: ServerOutput = process.stdout): Promise<RunningServer> {
  // Read the policy before opening the database: a broken policy file stops the start cleanly.
  const compliance = config.compliancePolicyPath
    ? await loadCompliancePolicy(config.compliancePolicyPath)
    : DEFAULT_COMPLIANCE_POLICY;
  if (!config.databaseUrl) embeddedDatabaseHeap();
  const db = await connectStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // The ledger reports to the app's log. The app is built before the ledger starts its meter, the one
  // part that reports, so nothing is reported before the log exists.
  let log: FastifyBaseLogger | undefined;
  const ledger = createLedger({
    db,
    config: {
      compliance,
      ...(config.rateLimit ? { rateLimit: config.rateLimit } : {}),
      webhooks: config.webhooks,
      reportError: (error, message) => log?.error({ err: error }, message),
    },
  });
  let app: FastifyInstance | undefined;
  try {
    const madeKeys = await provisionStartupKeys(db, config.startupKeys);
    const keysShown = await showFirstStartKeys(config, out, madeKeys);
    app = await buildApp({
      ledger,
      logger: { level: config.logLevel, stream: out },
      metrics: { processMetrics: true },
      connections: config.transport,
      trustProxy: config.trustProxy,
    });
    log = app.log;
    await ledger.start();
    const address = await app.listen({ port: config.port, host: config.host });
    const backups = await takeBackupsOnRequest(db, config.dataDir, app.log);
    out.write(banner(config, address, keysShown));
    let closing: Promise<void> | undefined;
    const running = app;
    const graceMs = config.transport.shutdownGraceMs;
    const stop = async () => {
      // A backup under way is finished before the database closes; no new one is started.
      const backupsClosed = backups?.close();
      await stopGracefully(running, graceMs);
      await ledger.close();
      await backupsClosed;
      await db.close();
    };
    return { app, address, close: () => (closing ??= stop()) };
  } catch (error) {
    await app?.close();
    await ledger.close();
    await db.close();
    throw error;
  }
}

/**
 * SIGTERM and SIGINT (and `stop`, when given) stop the server gracefully. Resolves with the exit code
 * once it has stopped; a second signal while it drains changes nothing.
 */
export function stopOnSignals(server: RunningServer, stop?: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
    let stopping = false;
    const shutdown = (reason: string) => {
      if (stopping) return;
      stopping = true;
      server.app.log.info({ signal: reason }, 'shutting down: draining requests');
      server.close().then(
        () => finish(0),
        (error: unknown) => {
          server.app.log.error({ err: error }, 'shutdown failed');
          finish(1);
        },
      );
    };
    const handlers = signals.map((signal) => [signal, () => shutdown(signal)] as const);
    const onAbort = () => shutdown('stop');
    const finish = (code: number) => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      stop?.removeEventListener('abort', onAbort);
      resolve(code);
    };
    for (const [signal, handler] of handlers) process.on(signal, handler);
    if (stop?.aborted) onAbort();
    else stop?.addEventListener('abort', onAbort);
  });
}
