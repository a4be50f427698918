import { configFromEnv, ConfigError } from './config.js';
import { CompliancePolicyError } from './domain/compliance/policy.js';
import { startServer, stopOnSignals } from './server.js';

// The entry point of `npm start`: the configuration from the environment, then the server (src/server.ts,
// shared with `ledger serve`) until SIGTERM or SIGINT have drained the requests in flight.
async function main(): Promise<void> {
  const server = await startServer(configFromEnv());
  process.exit(await stopOnSignals(server));
}

main().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof CompliancePolicyError;
  process.stderr.write(`${expected ? (error as Error).message : (error as Error).stack}\n`);
  process.exit(1);
});
