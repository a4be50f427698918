import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { createBase58check, hex } from '@scure/base';

const base58check = createBase58check(sha256);

/** The 20 bytes an Ethereum-style account is named by: the tail of keccak-256 of the bare uncompressed key. */
function accountId(publicKey: Uint8Array): Uint8Array {
  const uncompressed = secp256k1.Point.fromBytes(publicKey).toBytes(false);
  return keccak_256(uncompressed.subarray(1)).subarray(12);
}

/** `0x` and lower-case hex: v1 writes no EIP-55 checksum case, and ONE's the same way (not `one1…`). */
export const evmAddress = (publicKey: Uint8Array): string => `0x${hex.encode(accountId(publicKey))}`;

export const xdcAddress = (publicKey: Uint8Array): string => `xdc${hex.encode(accountId(publicKey))}`;

/** base58check of 0x41 then the account's 20 bytes (`T…`). */
export const tronAddress = (publicKey: Uint8Array): string =>
  base58check.encode(Uint8Array.of(0x41, ...accountId(publicKey)));
