import { Type, type Static } from 'typebox';
import { Nullable } from './common.schema.js';
import { Amount } from './money.schema.js';
import { BatchTransactionItem } from './transaction.schema.js';

export const BlockAmount = Type.Object({
  amount: Amount,
  type: Type.String({ minLength: 1, maxLength: 100, description: 'A code or a short description' }),
  description: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  ensureSufficientBalance: Type.Optional(
    Type.Boolean({ description: 'Refuse to block more than the available balance' }),
  ),
});
export type BlockAmount = Static<typeof BlockAmount>;

export const Blockage = Type.Object({
  id: Type.String(),
  accountId: Type.String(),
  amount: Type.String(),
  type: Type.String(),
  description: Nullable(Type.String()),
});
export type Blockage = Static<typeof Blockage>;

/**
 * Unblock with a transaction: a payment out of the blockage's account, so a batch item's fields exactly
 * (docs/decisions/0019-unblock-with-transaction.md). Its own name, Tatum's, in the SDK and the docs.
 */
export const UnblockAmount = BatchTransactionItem;
export type UnblockAmount = Static<typeof UnblockAmount>;

export const BlockageIdResult = Type.Object({ id: Type.String() });
