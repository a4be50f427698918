import type { Command, OptionSpec } from './command.js';

export const PROGRAM = 'ledger';

// Every command shares these notes: they decide which database the command changes.
const ENVIRONMENT = [
  'Environment (the same as the server reads):',
  '  DATABASE_URL     PostgreSQL connection string; when unset, the embedded PGlite is used',
  '  LEDGER_DATA_DIR  PGlite data folder, relative to the current directory (default ./data)',
  '',
  'Embedded PGlite keeps its data folder to one process: stop the server before running a command',
  'against the same folder, or both write to it at once and may damage it. PostgreSQL has no such limit.',
];

function columns(rows: readonly [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

const commandName = (command: Command) => [...command.path, ...(command.args ?? [])].join(' ');

function optionValue(option: OptionSpec): string {
  if (option.type === 'boolean') return '';
  return ` ${option.choices ? option.choices.join('|') : (option.value ?? '<value>')}`;
}

function optionRows(command: Command): [string, string][] {
  const rows = Object.entries(command.options).map(([name, option]): [string, string] => {
    const flag = `${option.short ? `-${option.short}, ` : ''}--${name}${optionValue(option)}`;
    const notes = [option.required ? 'required' : '', option.default ? `default: ${option.default}` : ''];
    const note = notes.filter(Boolean).join(', ');
    return [flag, note ? `${option.description} (${note})` : option.description];
  });
  return [...rows, ['-h, --help', 'Show this help']];
}

function usageLine(command: Command): string {
  const flags = Object.entries(command.options).map(([name, option]) =>
    option.required ? `--${name}${optionValue(option)}` : '',
  );
  return ['Usage:', PROGRAM, commandName(command), ...flags.filter(Boolean), '[options]'].join(' ');
}

export function commandHelp(command: Command): string[] {
  return [
    usageLine(command),
    '',
    command.summary,
    ...(command.description ? ['', command.description] : []),
    '',
    'Options:',
    ...columns(optionRows(command)),
    '',
    ...ENVIRONMENT,
  ];
}

function commandList(commands: readonly Command[]): string[] {
  return columns(commands.map((command) => [commandName(command), command.summary]));
}

export function groupHelp(group: string, commands: readonly Command[]): string[] {
  return [
    `Usage: ${PROGRAM} ${group} <command> [options]`,
    '',
    'Commands:',
    ...commandList(commands),
    '',
    `Run '${PROGRAM} ${group} <command> --help' for a command's options.`,
  ];
}

export function programHelp(commands: readonly Command[]): string[] {
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Runs a ledger server, and manages its tenants, API keys, customers and webhooks, working on its database directly.',
    '',
    'Commands:',
    ...commandList(commands),
    '',
    `Run '${PROGRAM} <command> --help' for a command's options.`,
    '',
    ...ENVIRONMENT,
  ];
}
