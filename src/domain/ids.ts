import { randomBytes, randomUUID } from 'node:crypto';

/**
 * A new 24-character lowercase hex id, shaped like the ids Tatum's clients expect (they check lengths
 * of exactly 24 locally): 4 bytes of seconds, then 8 random bytes.
 */
export function newId(): string {
  const id = Buffer.alloc(12);
  id.writeUInt32BE(Math.floor(Date.now() / 1000) >>> 0, 0);
  randomBytes(8).copy(id, 4);
  return id.toString('hex');
}

/** A new transaction reference: a UUID, as Tatum's references are. */
export function newReference(): string {
  return randomUUID();
}
