import { buildCli } from './cli.js';

/** The `ledger` command as bin/ledger.js runs it: this process's arguments, streams and environment. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const cli = buildCli({ stdout: process.stdout, stderr: process.stderr, env: process.env });
  // An exit code rather than process.exit(), so that output still in a pipe is written first.
  process.exitCode = await cli.run(argv);
}
