import { HDKey } from '@scure/bip32';
import { hex } from '@scure/base';

/** The version bytes a serialized extended key starts with, in its public and private forms. */
export interface KeyVersions {
  readonly public: number;
  readonly private: number;
}

export const XPUB: KeyVersions = { public: 0x0488b21e, private: 0x0488ade4 };
export const TPUB: KeyVersions = { public: 0x043587cf, private: 0x04358394 };
export const LTUB: KeyVersions = { public: 0x019da462, private: 0x019d9cfe };
export const TTUB: KeyVersions = { public: 0x0436f6e1, private: 0x0436ef7d };

/**
 * The extended public key a base58 string holds, or undefined for anything else: other version bytes,
 * a bad checksum or length, a point off the curve. A private key is refused too, though v1 would derive
 * from it: an account holds a public key, and a secret has no business here.
 */
export function publicKeyOf(serialized: string, versions: KeyVersions): HDKey | undefined {
  try {
    const key = HDKey.fromExtendedKey(serialized, versions);
    return key.privateKey ? undefined : key;
  } catch {
    return undefined;
  }
}

const HEX_KEY = /^[0-9a-f]{130}$/i;

/** TRON's other form: 33-byte compressed key then 32-byte chain code, as 130 hex digits. */
export function publicKeyOfHex(serialized: string): HDKey | undefined {
  if (!HEX_KEY.test(serialized)) return undefined;
  try {
    return new HDKey({ publicKey: hex.decode(serialized.slice(0, 66)), chainCode: hex.decode(serialized.slice(66)) });
  } catch {
    return undefined;
  }
}

/** The compressed public key of the child at index, or undefined if the library cannot derive it. */
export function childPublicKey(key: HDKey, index: number): Uint8Array | undefined {
  try {
    return key.deriveChild(index).publicKey ?? undefined;
  } catch {
    return undefined;
  }
}
