import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bech32, createBase58check } from '@scure/base';

const base58check = createBase58check(sha256);

/** RIPEMD-160 of SHA-256 of the compressed key: what Bitcoin-style addresses carry. */
export const keyHash = (publicKey: Uint8Array): Uint8Array => ripemd160(sha256(publicKey));

/** Pay to witness public key hash, witness version 0 (`bc1q…`, `tb1q…`). */
export function segwitAddress(prefix: string, publicKey: Uint8Array): string {
  return bech32.encode(prefix, [0, ...bech32.toWords(keyHash(publicKey))]);
}

/** Pay to public key hash in base58check, behind the network's version byte. */
export function legacyAddress(version: number, publicKey: Uint8Array): string {
  return base58check.encode(Uint8Array.of(version, ...keyHash(publicKey)));
}
