import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type Command, type CommandInput, type OptionSpecs, type OptionValues } from './command.js';

/** parseArgs' own messages are long; their first sentence says what is wrong. */
function parseArgsMessage(error: Error): string {
  return error.message.split(/\.(\s|$)/)[0]!;
}

function readArgs(command: Command, argv: readonly string[]) {
  // Every command takes --help, so no command declares it.
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}) };
    if (spec.default !== undefined) options[name].default = spec.default;
  }
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    if (String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(parseArgsMessage(error as Error));
    }
    throw error;
  }
}

/**
 * A command's options and arguments from the words after its name, checked against its specs; undefined
 * when they ask for its help instead. Throws UsageError.
 */
export function parseCommandLine(command: Command, argv: readonly string[]): CommandInput<OptionSpecs> | undefined {
  const { values, positionals } = readArgs(command, argv);
  // Help first: `keys create --help` must work before the command line is complete.
  if (values.help) return undefined;

  const names = command.args ?? [];
  if (positionals.length < names.length) throw new UsageError(`missing ${names[positionals.length]}`);
  if (positionals.length > names.length) throw new UsageError(`unexpected argument '${positionals[names.length]}'`);
  for (const [name, spec] of Object.entries(command.options)) {
    const value = values[name];
    if (spec.required && value === undefined) throw new UsageError(`--${name} is required`);
    if (spec.choices && typeof value === 'string' && !spec.choices.includes(value)) {
      throw new UsageError(`--${name} must be ${spec.choices.join(' or ')}, not '${value}'`);
    }
  }
  return { options: values as OptionValues<OptionSpecs>, args: positionals };
}

/** A whole-number option's value from `min` to `max`. Throws UsageError. */
export function integerOption(name: string, value: string, min: number, max: number): number {
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(number >= min && number <= max))
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not '${value}'`);
  return number;
}
