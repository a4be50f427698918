// Whether a withdrawal's recipient is written as its chain writes addresses, so that a mistyped one is
// refused (`403 withdrawal.recipient.format`) before any money moves. Only the form and its checksum are
// judged: nothing says the address is in use.
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base32nopad, base58xrp, bech32, bech32m, createBase58check, hex } from '@scure/base';
import type { Network } from '../ledger.js';
import { EVM_CURRENCIES, TRON_CURRENCIES, XDC_CURRENCIES } from './derivation.js';
import { withCashAddrChecksum } from './derivation/cashaddr.js';

const base58check = createBase58check(sha256);

/** The longest address any judged form takes (a bech32 string is at most 90 characters). */
const MAX_LENGTH = 120;
/** What a currency without rules of its own takes: 1 to 200 printable ASCII characters, no space. */
const PRINTABLE = /^[\x21-\x7e]{1,200}$/;

/** The payload behind a base58check string's version byte, when it has one and the checksum holds. */
function base58Payload(address: string): { version: number; payload: Uint8Array } | undefined {
  if (address.length > MAX_LENGTH) return undefined;
  try {
    const bytes = base58check.decode(address);
    return bytes.length < 2 ? undefined : { version: bytes[0]!, payload: bytes.subarray(1) };
  } catch {
    return undefined;
  }
}

/** base58check of one of the versions then a 20-byte hash. */
function isBase58Hash(address: string, versions: readonly number[]): boolean {
  const decoded = base58Payload(address);
  return decoded !== undefined && versions.includes(decoded.version) && decoded.payload.length === 20;
}

/**
 * A segregated witness address (BIP-173, BIP-350) that can be spent today: version 0 in bech32 with a
 * 20- or 32-byte program, or version 1 (taproot) in bech32m with 32 bytes; all lower or all upper case.
 * Other versions and lengths are well-formed, but coins sent to them are anyone's or no one's.
 */
function isSegwit(address: string, hrp: string): boolean {
  if (!address.toLowerCase().startsWith(`${hrp}1`)) return false;
  for (const [coder, isV0] of [
    [bech32, true],
    [bech32m, false],
  ] as const) {
    const decoded = coder.decodeUnsafe(address, 90);
    if (!decoded || decoded.prefix !== hrp || decoded.words.length === 0) continue;
    const [version, ...programWords] = decoded.words as [number, ...number[]];
    if (version > 16 || (version === 0) !== isV0) return false;
    const program = bech32.fromWordsUnsafe(programWords);
    if (!program || program.length < 2 || program.length > 40) return false;
    return version === 0 ? program.length === 20 || program.length === 32 : version === 1 && program.length === 32;
  }
  return false;
}

const CASHADDR_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const CASHADDR_DATA = /^[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{9,112}$/;
/** Version byte → hash length: pay to key hash (20 bytes), pay to script hash (20 or 32 bytes). */
const CASHADDR_KINDS: Readonly<Record<number, number>> = { 0x00: 20, 0x08: 20, 0x0b: 32 };

/** A CashAddr address of the prefix, written with it or without, all lower or all upper case. */
function isCashAddr(address: string, prefix: string): boolean {
  const lower = address.toLowerCase();
  if (address !== lower && address !== address.toUpperCase()) return false;
  const data = lower.startsWith(`${prefix}:`) ? lower.slice(prefix.length + 1) : lower;
  if (!CASHADDR_DATA.test(data)) return false;
  const words = Array.from(data.slice(0, -8), (char) => CASHADDR_CHARSET.indexOf(char));
  if (withCashAddrChecksum(prefix, words) !== `${prefix}:${data}`) return false;
  const bytes = bech32.fromWordsUnsafe(words);
  return !!bytes && bytes.length > 0 && CASHADDR_KINDS[bytes[0]!] === bytes.length - 1;
}

const HEX_ACCOUNT = /^[0-9a-fA-F]{40}$/;

/** 40 hex digits, in one case or in EIP-55's mixed case (a capital where keccak-256's nibble is 8 or more). */
function isAccountHex(digits: string): boolean {
  if (!HEX_ACCOUNT.test(digits)) return false;
  const lower = digits.toLowerCase();
  if (digits === lower || digits === digits.toUpperCase()) return true;
  const hash = hex.encode(keccak_256(utf8ToBytes(lower)));
  return Array.from(digits).every((char, i) => {
    if (!/[a-fA-F]/.test(char)) return true;
    return (char !== char.toLowerCase()) === parseInt(hash[i]!, 16) >= 8;
  });
}

const isEvm = (address: string) => address.startsWith('0x') && isAccountHex(address.slice(2));

/** Harmony's own form: bech32 with the prefix `one` of the same 20 bytes. */
function isHarmony(address: string): boolean {
  const decoded = bech32.decodeUnsafe(address, 90);
  if (!decoded || decoded.prefix !== 'one') return false;
  return bech32.fromWordsUnsafe(decoded.words)?.length === 20;
}

/** Ripple's base58 alphabet: version 0, a 20-byte account, then 4 bytes of double SHA-256 (`r…`). */
function isRipple(address: string): boolean {
  if (address.length > MAX_LENGTH) return false;
  try {
    const bytes = base58xrp.decode(address);
    if (bytes.length !== 25 || bytes[0] !== 0) return false;
    const checksum = sha256(sha256(bytes.subarray(0, 21)));
    return checksum.subarray(0, 4).every((byte, i) => byte === bytes[21 + i]);
  } catch {
    return false;
  }
}

/** CRC-16/XMODEM: polynomial 0x1021, no reflection, starting at 0. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const STELLAR_ACCOUNT = 6 << 3;

/** A Stellar StrKey public key (`G…`): base32 of the version, the 32-byte key and its CRC, little-endian. */
function isStellar(address: string): boolean {
  if (!/^[A-Z2-7]{56}$/.test(address)) return false;
  try {
    const bytes = base32nopad.decode(address);
    if (bytes.length !== 35 || bytes[0] !== STELLAR_ACCOUNT) return false;
    const crc = crc16(bytes.subarray(0, 33));
    return bytes[33] === (crc & 0xff) && bytes[34] === crc >> 8;
  } catch {
    return false;
  }
}

type Rule = (address: string, mainnet: boolean) => boolean;

const UTXO_RULES: Readonly<Record<string, Rule>> = {
  BTC: (address, mainnet) =>
    isSegwit(address, mainnet ? 'bc' : 'tb') || isBase58Hash(address, mainnet ? [0x00, 0x05] : [0x6f, 0xc4]),
  LTC: (address, mainnet) =>
    isSegwit(address, mainnet ? 'ltc' : 'tltc') ||
    isBase58Hash(address, mainnet ? [0x30, 0x32, 0x05] : [0x6f, 0x3a, 0xc4]),
  DOGE: (address, mainnet) => isBase58Hash(address, mainnet ? [0x1e, 0x16] : [0x71, 0xc4]),
  BCH: (address, mainnet) =>
    isCashAddr(address, mainnet ? 'bitcoincash' : 'bchtest') ||
    isBase58Hash(address, mainnet ? [0x00, 0x05] : [0x6f, 0xc4]),
};

const listed = (list: readonly string[], currency: string) => list.includes(currency);

function ruleOf(currency: string): Rule | undefined {
  if (Object.hasOwn(UTXO_RULES, currency)) return UTXO_RULES[currency];
  if (currency === 'ONE') return (address) => isEvm(address) || isHarmony(address);
  if (listed(EVM_CURRENCIES, currency)) return isEvm;
  if (listed(XDC_CURRENCIES, currency))
    return (address) => (address.startsWith('xdc') && isAccountHex(address.slice(3))) || isEvm(address);
  if (listed(TRON_CURRENCIES, currency))
    return (address) => {
      const decoded = base58Payload(address);
      return decoded?.version === 0x41 && decoded.payload.length === 20;
    };
  if (currency === 'XRP') return isRipple;
  if (currency === 'XLM') return isStellar;
  return undefined;
}

/** Whether `address` is a well-formed recipient of `currency` on the ledger's network; currencies it cannot judge: true. */
export function isRecipientAddress(currency: string, network: Network, address: string): boolean {
  if (typeof address !== 'string' || !PRINTABLE.test(address)) return false;
  try {
    const rule = typeof currency === 'string' ? ruleOf(currency) : undefined;
    return rule ? rule(address, network === 'mainnet') : true;
  } catch {
    return false;
  }
}
