import { configFromEnv } from './config.js';
import { startServer, stopOnSignals } from './server.js';
import { startupFailureMessage } from './startup-failure.js';

// The entry point of `npm start`: the configuration from the environment, then the server (src/server.ts,
// shared with `ledger serve`) until SIGTERM or SIGINT have drained the requests in flight.
async function main(): Promise<void> {
  const server = await startServer(configFromEnv());
  process.exit(await stopOnSignals(server));
}

// What an operator can fix is one line that says how; anything else is a bug, and its stack is kept.
main().catch((error: unknown) => {
  process.stderr.write(`${startupFailureMessage(error) ?? (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
