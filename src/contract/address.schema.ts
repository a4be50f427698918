import { Type, type Static } from 'typebox';
import { Nullable } from './common.schema.js';
import { AccountId24 } from './money.schema.js';

// Deposit addresses (Tatum's "Blockchain addresses"; docs/decisions/0026-deposit-addresses.md).

/** A BIP-32 child index: what Tatum's Address.derivationKey may hold. */
export const MAX_DERIVATION_KEY = 2 ** 31 - 1;
const DerivationKey = Type.Integer({ minimum: 0, maximum: MAX_DERIVATION_KEY });

/** Addresses in one generation batch at most; Tatum documents no bound. */
export const MAX_BATCH_ADDRESSES = 500;

export const Address = Type.Object({
  address: Type.String({ description: 'Blockchain address' }),
  currency: Type.String(),
  derivationKey: Nullable({ ...DerivationKey, description: 'The index the address was derived at' }),
  xpub: Nullable(Type.String({ description: 'The extended public key it was derived from' })),
  destinationTag: Nullable(Type.Integer({ description: 'XRP: the tag given when the address was assigned' })),
  memo: Nullable(Type.String({ description: 'BNB: the memo given when the address was assigned' })),
  message: Nullable(Type.String({ description: 'XLM: the message given when the address was assigned' })),
});
export type Address = Static<typeof Address>;

export const GenerateAddressQuery = Type.Object({
  index: Type.Optional({ ...DerivationKey, description: "Derivation index; the account's last used + 1 when absent" }),
});

export const GenerateAddressesBatch = Type.Object({
  addresses: Type.Array(Type.Object({ accountId: AccountId24, derivationKey: Type.Optional(DerivationKey) }), {
    minItems: 1,
    maxItems: MAX_BATCH_ADDRESSES,
    description: `At most ${MAX_BATCH_ADDRESSES}`,
  }),
});
export type GenerateAddressesBatch = Static<typeof GenerateAddressesBatch>;

/** Tags and memos are positive integers in Tatum's API (?index= on assign, check and remove). */
export const AddressTagQuery = Type.Object({
  index: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'XRP destination tag, XLM message or BNB memo',
    }),
  ),
});

export const AddressParam = Type.String({ minLength: 1, maxLength: 200, description: 'Blockchain address' });
