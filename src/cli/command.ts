import type { Ledger } from '../domain/create-ledger.js';
import type { Database } from '../storage/database.js';

/** Where a command writes: process.stdout and process.stderr, or a buffer in tests. */
export interface Output {
  write(text: string): unknown;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** How help shows a string option's value, e.g. `<name>`; `choices` are shown instead when given. */
  value?: string;
  choices?: readonly string[];
  default?: string;
  required?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string;
};

export interface CommandContext {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  /**
   * The server's database, opened on first use and migrated unless `migrate: false` says to leave
   * that to the command; the CLI closes it when the command ends.
   */
  database(options?: OpenOptions): Promise<Database>;
  /**
   * The services on that database (domain/create-ledger.ts), for what changes keys, tenants and their
   * settings: their changes are announced as a server's are, and reach the running servers through the
   * database. Not started: a command listens to nothing. The CLI closes it, then the database.
   */
  ledger(): Promise<Ledger>;
  /** Aborted when a long-running command (`serve`) should stop, besides on SIGTERM and SIGINT. */
  stop?: AbortSignal;
}

export interface OpenOptions {
  /** false: open the database as it is; `ledger migrate` applies and reports the migrations itself. */
  migrate?: boolean;
}

export interface CommandInput<O extends OptionSpecs> {
  options: OptionValues<O>;
  /** The positional arguments, one for each name in `args`, in that order. */
  args: string[];
}

export interface Command<O extends OptionSpecs = OptionSpecs> {
  /** The words that name the command: `['keys', 'create']`, or one word for a command of its own. */
  path: readonly string[];
  /** Its positional arguments, all required, as help shows them: `['<name>']`. */
  args?: readonly string[];
  /** One line for the command list. */
  summary: string;
  /** More help, printed below the usage line. */
  description?: string;
  options: O;
  /** Resolves to the exit code; nothing means 0. */
  run(context: CommandContext, input: CommandInput<O>): Promise<number | void>;
}

/** Types a command's option values from its option specs. */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command {
  return command as unknown as Command;
}

/** The command line was wrong: the CLI says so with a pointer to the help, and exits with 2. */
export class UsageError extends Error {}
