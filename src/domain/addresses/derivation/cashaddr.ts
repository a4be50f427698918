import { bech32 } from '@scure/base';

// CashAddr writes bech32's characters and regroups bytes as bech32 does, but its checksum is a 40-bit
// BCH code of its own, over the prefix's low five bits, a zero, the payload and eight zeros.
const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATORS = [0x98f2bc8e61n, 0x79b76d99e2n, 0xf33e5fb3c4n, 0xae2eabe2a8n, 0x1e4f43e470n];
/** Hash length in bytes → the size bits of the version byte. */
const SIZE_BITS: Readonly<Record<number, number>> = { 20: 0, 24: 1, 28: 2, 32: 3, 40: 4, 48: 5, 56: 6, 64: 7 };

function polymod(values: readonly number[]): bigint {
  let c = 1n;
  for (const value of values) {
    const top = c >> 35n;
    c = ((c & 0x07ffffffffn) << 5n) ^ BigInt(value);
    GENERATORS.forEach((generator, bit) => {
      if ((top >> BigInt(bit)) & 1n) c ^= generator;
    });
  }
  return c ^ 1n;
}

/** `prefix:` then the 5-bit words and their checksum, in lower case. */
export function withCashAddrChecksum(prefix: string, words: readonly number[]): string {
  const prefixWords = Array.from(prefix, (char) => char.charCodeAt(0) & 31);
  const mod = polymod([...prefixWords, 0, ...words, 0, 0, 0, 0, 0, 0, 0, 0]);
  const checksum = Array.from({ length: 8 }, (_, i) => Number((mod >> BigInt(5 * (7 - i))) & 31n));
  return `${prefix}:${[...words, ...checksum].map((word) => CHARSET[word]).join('')}`;
}

/** A CashAddr address: type 0 is pay to public key hash, 1 pay to script hash. */
export function cashAddress(prefix: string, type: number, hash: Uint8Array): string {
  const size = SIZE_BITS[hash.length];
  if (size === undefined) throw new RangeError(`a CashAddr hash has no ${hash.length}-byte size`);
  return withCashAddrChecksum(prefix, bech32.toWords(Uint8Array.of((type << 3) | size, ...hash)));
}
