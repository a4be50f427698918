import { configFromEnv } from '../config.js';
import { createLedger, type Ledger } from '../domain/create-ledger.js';
import { startupFailureMessage } from '../startup-failure.js';
import { connectStorage, openStorage } from '../storage/connect.js';
import type { Database } from '../storage/database.js';
import { UsageError, type Command, type CommandContext, type OpenOptions, type Output } from './command.js';
import { COMMANDS } from './commands/index.js';
import { commandHelp, groupHelp, PROGRAM, programHelp } from './help.js';
import { printLines } from './output.js';
import { parseCommandLine } from './parse.js';

export interface CliOptions {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  /** Opens the database a command works on; by default the one the server's environment names. */
  openDatabase?: (env: NodeJS.ProcessEnv, options?: OpenOptions) => Promise<Database>;
  /** Stops a long-running command (`serve`) as SIGTERM would; tests use it. */
  stop?: AbortSignal;
}

export interface Cli {
  /** Runs one command line (without `node` and the script) and resolves to its exit code. */
  run: (argv: readonly string[]) => Promise<number>;
}

/** The database the server would use, with the same configuration and migrations. */
export async function openServerDatabase(env: NodeJS.ProcessEnv, options: OpenOptions = {}): Promise<Database> {
  const config = configFromEnv(env);
  const storage = { databaseUrl: config.databaseUrl, dataDir: config.dataDir };
  return options.migrate === false ? openStorage(storage) : connectStorage(storage);
}

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';

/** The command a command line names: the longest one whose words it starts with. */
function findCommand(argv: readonly string[]): Command | undefined {
  const matches = COMMANDS.filter((command) => command.path.every((word, i) => argv[i] === word));
  return matches.sort((a, b) => b.path.length - a.path.length)[0];
}

const groupCommands = (group: string | undefined) => COMMANDS.filter((c) => c.path.length > 1 && c.path[0] === group);

/** One line for any failure; a refused connection to `localhost` can be an AggregateError with no message. */
function describeError(error: unknown): string {
  const explained = startupFailureMessage(error);
  if (explained) return explained;
  if (!(error instanceof Error)) return String(error);
  const inner = error instanceof AggregateError ? error.errors.map(describeError).join('; ') : '';
  return error.message || inner || (error as { code?: string }).code || error.name;
}

export function buildCli({ stdout, stderr, env, openDatabase = openServerDatabase, stop }: CliOptions): Cli {
  /** A usage mistake: what is wrong, where the help is, and exit code 2. */
  function usageError(message: string, helpFor: string): number {
    printLines(
      stderr,
      `${PROGRAM}: ${message}`,
      `Run '${[PROGRAM, helpFor, '--help'].filter(Boolean).join(' ')}' for usage.`,
    );
    return 2;
  }

  async function runCommand(command: Command, argv: readonly string[]): Promise<number> {
    const input = parseCommandLine(command, argv);
    if (!input) {
      printLines(stdout, ...commandHelp(command));
      return 0;
    }

    let opened: Promise<Database> | undefined;
    let built: Promise<Ledger> | undefined;
    const database = (options?: OpenOptions) => (opened ??= openDatabase(env, options));
    const context: CommandContext = {
      stdout,
      stderr,
      env,
      stop,
      database,
      ledger: () => (built ??= database().then((db) => createLedger({ db }))),
    };
    try {
      return (await command.run(context, input)) ?? 0;
    } finally {
      // A database that failed to open has nothing to close; its error is the command's error.
      await (await built?.catch(() => undefined))?.close();
      const db = await opened?.catch(() => undefined);
      await db?.close();
    }
  }

  async function dispatch(argv: readonly string[]): Promise<number> {
    const [first, second] = argv;
    if (first === 'help') return dispatch([...argv.slice(1), '--help']);
    if (isHelp(first)) {
      printLines(stdout, ...programHelp(COMMANDS));
      return 0;
    }
    const command = findCommand(argv);
    if (command) {
      try {
        return await runCommand(command, argv.slice(command.path.length));
      } catch (error) {
        if (error instanceof UsageError) return usageError(error.message, command.path.join(' '));
        throw error;
      }
    }
    if (first === undefined) {
      printLines(stderr, ...programHelp(COMMANDS));
      return 2;
    }
    const group = groupCommands(first);
    if (group.length > 0) {
      if (isHelp(second)) {
        printLines(stdout, ...groupHelp(first, group));
        return 0;
      }
      if (second === undefined || second.startsWith('-')) {
        printLines(stderr, ...groupHelp(first, group));
        return 2;
      }
      return usageError(`unknown command '${first} ${second}'`, first);
    }
    if (first.startsWith('-')) return usageError(`unknown option '${first}'`, '');
    return usageError(`unknown command '${first}'`, '');
  }

  return {
    async run(argv) {
      try {
        return await dispatch(argv);
      } catch (error) {
        // Refusals (a taken name, an unknown key) and configuration mistakes are what an operator
        // meets; their message says it all. Anything else still gets one line, not a stack trace.
        printLines(stderr, `${PROGRAM}: ${describeError(error)}`);
        return 1;
      }
    },
  };
}
