import { buildApp } from './http/app.js';
import { configFromEnv, ConfigError } from './config.js';
import { provisionStartupKeys } from './domain/tenancy/tenancy.service.js';
import { connectStorage } from './storage/connect.js';

// Starts the server: configuration from the environment, database and migrations, the keys, then
// listen. SIGTERM and SIGINT drain the requests in flight and close the database.
async function main(): Promise<void> {
  const config = configFromEnv();
  const db = await connectStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const madeKeys = await provisionStartupKeys(db, config.startupKeys);
  const app = await buildApp({ db, logger: { level: config.logLevel } });
  const address = await app.listen({ port: config.port, host: config.host });

  const storage = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  const lines = [``, `Ledger server listening on ${address}`, `Database: ${storage}`];
  if (madeKeys.mainnet || madeKeys.testnet) {
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
  process.stdout.write(lines.join('\n') + '\n\n');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    try {
      await app.close();
      await db.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
