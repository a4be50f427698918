import type { FastifyInstance } from 'fastify';
import { buildCli } from '../../src/cli/cli.js';
import type { Ledger } from '../../src/domain/create-ledger.js';
import type { Database } from '../../src/storage/database.js';
import { caughtUp } from '../helpers/changes.js';
import { openTestDatabase } from '../helpers/database.js';
import { startLedgerApp, type TestAppOptions } from '../helpers/test-app.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestCli {
  /** The database every command works on; it stays open between commands. */
  db: Database;
  /**
   * Runs a command; resolves once the apps made by `app()` have heard what it changed, as a running
   * server hears the command line's changes through the database before its next request.
   */
  run(...argv: string[]): Promise<CliResult>;
  /** A running server on the same database, with a ledger of its own; closing it closes its ledger. */
  app(options?: TestAppOptions): Promise<FastifyInstance>;
  /** How often the CLI closed the database: once for every command that opened it. */
  closes: number;
  /** How often the CLI opened it. */
  opens: number;
  close(): Promise<void>;
}

/**
 * `ledger …` in this process on the database `env` names (DATABASE_URL or LEDGER_DATA_DIR), as the
 * command line opens it: its exit code and what it printed.
 */
export async function runLedger(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<CliResult> {
  const out = { stdout: '', stderr: '' };
  const cli = buildCli({
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    env,
  });
  return { code: await cli.run(argv), ...out };
}

let counter = 0;

/** A name no other tenant in this test process has. */
export function tenantName(prefix = 'tenant'): string {
  return `${prefix}-${process.pid}-${++counter}`;
}

/** The CLI as a terminal would run it, on a test database, with its output captured. */
export async function startTestCli(env: NodeJS.ProcessEnv = {}): Promise<TestCli> {
  const db = await openTestDatabase();
  const servers = new Set<Ledger>();
  const cli: TestCli = {
    db,
    opens: 0,
    closes: 0,
    async run(...argv) {
      const out = { stdout: '', stderr: '' };
      // The CLI closes the database after each command; the test lends it one whose close only counts.
      const lent: Database = { ...db, close: async () => void cli.closes++ };
      const { run } = buildCli({
        stdout: { write: (text: string) => (out.stdout += text) },
        stderr: { write: (text: string) => (out.stderr += text) },
        env,
        openDatabase: async () => {
          cli.opens++;
          return lent;
        },
      });
      const code = await run(argv);
      for (const ledger of servers) await caughtUp(ledger, db);
      return { code, ...out };
    },
    async app(options) {
      const { app, ledger } = await startLedgerApp(db, options);
      servers.add(ledger);
      app.addHook('onClose', async () => {
        servers.delete(ledger);
        await ledger.close();
      });
      return app;
    },
    close: () => db.close(),
  };
  return cli;
}
