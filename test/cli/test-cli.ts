import { buildCli } from '../../src/cli/cli.js';
import type { Database } from '../../src/storage/database.js';
import { openTestDatabase } from '../helpers/database.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestCli {
  /** The database every command works on; it stays open between commands. */
  db: Database;
  run(...argv: string[]): Promise<CliResult>;
  /** How often the CLI closed the database: once for every command that opened it. */
  closes: number;
  /** How often the CLI opened it. */
  opens: number;
  close(): Promise<void>;
}

let counter = 0;

/** A name no other tenant in this test process has. */
export function tenantName(prefix = 'tenant'): string {
  return `${prefix}-${process.pid}-${++counter}`;
}

/** The CLI as a terminal would run it, on a test database, with its output captured. */
export async function startTestCli(): Promise<TestCli> {
  const db = await openTestDatabase();
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
        env: {},
        openDatabase: async () => {
          cli.opens++;
          return lent;
        },
      });
      return { code: await run(argv), ...out };
    },
    close: () => db.close(),
  };
  return cli;
}
