import { ConfigError } from './config.js';
import { CompliancePolicyError } from './domain/compliance/policy.js';
import { DataDirLockedError } from './storage/data-dir-lock.js';
import { MigrationEditedError, SchemaTooNewError } from './storage/migrate.js';

type Failure = Error & { code?: string; errors?: unknown[]; address?: string; port?: number; syscall?: string };

// Refusals whose message already says what to do.
const EXPLAINED = [ConfigError, CompliancePolicyError, DataDirLockedError, SchemaTooNewError, MigrationEditedError];

// What pg and Node's sockets throw when PostgreSQL cannot be reached or refuses the login: network
// errors, PostgreSQL's classes 08 (connection) and 28 (authorization), 3D000 (no such database), and an
// unparsable URL.
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET']);
const isDatabaseFailure = (code: string) =>
  NETWORK.has(code) || /^(08|28)/.test(code) || code === '3D000' || code === 'ERR_INVALID_URL';

/** The code of an error, or of the first inner error that has one (a refused `localhost` is both ::1 and 127.0.0.1). */
function codeOf(error: Failure): string | undefined {
  if (error.code) return error.code;
  for (const inner of error.errors ?? []) if ((inner as Failure).code) return (inner as Failure).code;
  return undefined;
}

const messageOf = (error: Failure) =>
  error.message || (error.errors ?? []).map((e) => (e as Error).message).join('; ') || codeOf(error) || error.name;

/**
 * One line that says what went wrong at start and what to do, for the failures an operator meets: a bad
 * configuration, the data folder in use, a port in use, PostgreSQL unreachable or refusing, a database
 * newer than this build or with an applied migration edited since. Undefined for anything else (a bug:
 * its stack trace is worth more then).
 */
export function startupFailureMessage(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (EXPLAINED.some((kind) => error instanceof kind)) return error.message;
  const failure = error as Failure;
  const code = codeOf(failure);
  if (code === 'EADDRINUSE' || (code === 'EACCES' && failure.syscall === 'listen')) {
    const where = `${failure.address ?? 'the address'}:${failure.port ?? '?'}`;
    return code === 'EADDRINUSE'
      ? `Cannot listen on ${where}: the port is in use. Stop what listens there, or set PORT (ledger serve: --port) to another port.`
      : `Cannot listen on ${where}: not permitted. Use a port from 1024, or set HOST to an address this user may use.`;
  }
  if (code && (isDatabaseFailure(code) || (code === 'ENOENT' && failure.syscall === 'connect'))) {
    // The message names host and user at most; pg never puts the password in it.
    return `Cannot use the PostgreSQL database in DATABASE_URL (${messageOf(failure)}). Check the URL, that the server runs and accepts connections, and the user, password and database name.`;
  }
  return undefined;
}
