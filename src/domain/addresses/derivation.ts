// Deposit addresses derived from an account's xpub exactly as @tatumio/tatum 1.x's
// generateAddressFromXPub derives them (docs/decisions/0026-deposit-addresses.md).
import type { HDKey } from '@scure/bip32';
import type { Network } from '../ledger.js';
import { evmAddress, tronAddress, xdcAddress } from './derivation/account-address.js';
import { cashAddress } from './derivation/cashaddr.js';
import {
  childPublicKey,
  LTUB,
  publicKeyOf,
  publicKeyOfHex,
  TPUB,
  TTUB,
  XPUB,
  type KeyVersions,
} from './derivation/extended-key.js';
import { keyHash, legacyAddress, segwitAddress } from './derivation/utxo-address.js';

/** Bitcoin and its forks: version bytes and address form differ by chain and by network. */
export const UTXO_CURRENCIES = ['BTC', 'LTC', 'DOGE', 'BCH'] as const;

/** Every currency v1's switch derives as an Ethereum-style account (`0x…`), ONE included. */
export const EVM_CURRENCIES = [
  'ETH',
  'USDT',
  'WBTC',
  'LEO',
  'LINK',
  'UNI',
  'FREE',
  'MKR',
  'USDC',
  'BAT',
  'TUSD',
  'PAX',
  'PAXG',
  'MATIC_ETH',
  'POL_ETH',
  'PLTC',
  'XCON',
  'REVV',
  'SAND',
  'LATOKEN',
  'COIIN',
  'BETH',
  'GAMEE',
  'INTENT',
  'EURTENT',
  'GOLDAX',
  'BUSD',
  'GMC',
  'MMY',
  'BSC',
  'USDC_BSC',
  'USDT_BSC',
  'COIIN_BSC',
  'B2U_BSC',
  'CAKE',
  'HAG',
  'BUSD_BSC',
  'GMC_BSC',
  'BBTC',
  'BADA',
  'RMD',
  'WBNB',
  'BDOT',
  'BXRP',
  'BLTC',
  'BBCH',
  'MATIC',
  'USDT_MATIC',
  'USDC_MATIC',
  'USDC_MATIC_NATIVE',
  'ETH_ARB',
  'ETH_BASE',
  'ETH_OP',
  'USDC_ARB',
  'USDT_ARB',
  'USDC_BASE',
  'USDT_BASE',
  'USDC_OP',
  'USDT_OP',
  'KLAY',
  'CELO',
  'CUSD',
  'CEUR',
  'ONE',
] as const;

/** The Ethereum-style account written `xdc…`. */
export const XDC_CURRENCIES = ['XDC'] as const;

export const TRON_CURRENCIES = ['TRON', 'USDT_TRON', 'INRT_TRON'] as const;

/** Why a derivation was refused: a key v1 would not read for the network, or an index out of range. */
export class DerivationError extends Error {
  constructor(
    readonly reason: 'xpub' | 'index',
    message: string,
  ) {
    super(message);
    this.name = 'DerivationError';
  }
}

interface Derivation {
  /** The account's key as a ledger of the network reads it, or undefined when v1 would refuse it. */
  key(xpub: string, network: Network): HDKey | undefined;
  address(publicKey: Uint8Array, network: Network): string;
}

const pick = <T>(network: Network, mainnet: T, testnet: T): T => (network === 'mainnet' ? mainnet : testnet);

const keyFor = (mainnet: KeyVersions, testnet: KeyVersions) => (xpub: string, network: Network) =>
  publicKeyOf(xpub, pick(network, mainnet, testnet));

// The network changes nothing for account chains: v1 reads their keys as `xpub` on both.
const accountKey = (xpub: string) => publicKeyOf(xpub, XPUB);

const UTXO: Readonly<Record<(typeof UTXO_CURRENCIES)[number], Derivation>> = {
  BTC: { key: keyFor(XPUB, TPUB), address: (key, network) => segwitAddress(pick(network, 'bc', 'tb'), key) },
  LTC: { key: keyFor(LTUB, TTUB), address: (key, network) => legacyAddress(pick(network, 0x30, 0x6f), key) },
  DOGE: { key: keyFor(XPUB, TPUB), address: (key, network) => legacyAddress(pick(network, 0x1e, 0x71), key) },
  BCH: {
    key: keyFor(XPUB, TPUB),
    address: (key, network) => cashAddress(pick(network, 'bitcoincash', 'bchtest'), 0, keyHash(key)),
  },
};
const EVM: Derivation = { key: accountKey, address: evmAddress };
const XDC: Derivation = { key: accountKey, address: xdcAddress };
const TRON: Derivation = { key: (xpub) => accountKey(xpub) ?? publicKeyOfHex(xpub), address: tronAddress };

const listed = <T extends string>(list: readonly T[], currency: string): currency is T =>
  (list as readonly string[]).includes(currency);

function derivationOf(currency: string): Derivation | undefined {
  if (listed(UTXO_CURRENCIES, currency)) return UTXO[currency];
  if (listed(EVM_CURRENCIES, currency)) return EVM;
  if (listed(XDC_CURRENCIES, currency)) return XDC;
  if (listed(TRON_CURRENCIES, currency)) return TRON;
  return undefined;
}

/** Currencies this server derives for (the table in decision 0026). */
export function derivesAddresses(currency: string): boolean {
  return derivationOf(currency) !== undefined;
}

/** Non-hardened children only: below an xpub, a hardened index cannot be derived. */
const isChildIndex = (index: number) => Number.isInteger(index) && index >= 0 && index <= 0x7fffffff;

/**
 * The address for the key and index: the key is at m/44'/coin'/0'/0 already, so the index is its one
 * child. Throws DerivationError('xpub' | 'index') when v1 would throw, and also for two inputs v1 takes:
 * a private extended key, and a fractional index (which v1 truncates on account chains). A currency
 * `derivesAddresses` refuses is a caller's mistake and throws a plain Error.
 */
export function deriveAddress(currency: string, network: Network, xpub: string, index: number): string {
  const derivation = derivationOf(currency);
  if (!derivation) throw new Error(`no address derivation for ${currency}`);
  const key = typeof xpub === 'string' ? derivation.key(xpub, network) : undefined;
  if (!key) throw new DerivationError('xpub', `not an extended public key a ${network} ${currency} account takes`);
  if (!isChildIndex(index)) throw new DerivationError('index', `index ${index} is not an integer from 0 to 2^31 - 1`);
  try {
    const child = childPublicKey(key, index);
    if (child) return derivation.address(child, network);
  } catch {
    // Falls through: the key is at fault, whatever the library said.
  }
  throw new DerivationError('xpub', `no child ${index} of the ${currency} key`);
}
