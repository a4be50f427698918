import { DatabaseUnavailableError } from './database.js';

// SQLSTATEs of a server going away: admin_shutdown, crash_shutdown, cannot_connect_now (57P0x), and
// class 08, connection exceptions.
const LOST_STATES = new Set(['57P01', '57P02', '57P03']);
// Socket errors from Node, and what pg says when the socket closed under a query or before one.
const LOST_SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const LOST_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
];

/** Whether `error` says the connection to PostgreSQL is gone (or was never made), not that a statement failed. */
export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (LOST_STATES.has(code) || code.startsWith('08') || LOST_SOCKET_CODES.has(code))) {
    return true;
  }
  return LOST_MESSAGES.some((message) => error.message.startsWith(message));
}

/** `error` as the domain should see it: a lost connection becomes DatabaseUnavailableError. */
export function storageError(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError || !isConnectionLoss(error)) return error;
  return new DatabaseUnavailableError(error);
}
