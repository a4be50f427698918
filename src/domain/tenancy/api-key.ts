import { createHash, randomBytes } from 'node:crypto';
import type { Network } from '../ledger.js';

// Keys carry 192 random bits, so a plain SHA-256 is a safe way to store them and lets a request find
// its key with one indexed lookup (a slow password hash would cost every request).
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(network: Network): string {
  return `${network === 'mainnet' ? 'main' : 'test'}_${randomBytes(24).toString('base64url')}`;
}

/** What listings show of a key: enough to tell keys apart, too little to use one. */
export function apiKeyHint(key: string): string {
  return `${key.slice(0, 9)}…${key.slice(-4)}`;
}

/**
 * What an error message may show of a key the caller sent (docs/decisions/0008-key-errors-and-freeze.md):
 * at most its first 4 characters, and never more than half of it, because messages end up in client and
 * proxy logs.
 */
export function apiKeyInMessage(key: string): string {
  if (!key) return '';
  return `${key.slice(0, Math.min(4, Math.floor(key.length / 2)))}…`;
}
