import { Type, type Static } from 'typebox';
import { Nullable } from './common.schema.js';
import { Address } from './address.schema.js';
import { AccountId24, Amount, AMOUNT_PATTERN } from './money.schema.js';

// Withdrawals (Tatum's "Withdrawal"; docs/decisions/0028-withdrawals.md).

export const WITHDRAWAL_STATUSES = ['InProgress', 'Done', 'Cancelled'] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

export const CreateWithdrawal = Type.Object({
  senderAccountId: AccountId24,
  address: Type.String({
    minLength: 1,
    maxLength: 10000,
    description: 'Recipient blockchain address; for BTC, LTC, DOGE and BCH, several, separated by commas',
  }),
  amount: Amount,
  // Required by Tatum's OpenAPI; its v1 client may leave it out, which counts as no fee.
  fee: Type.Optional({ ...Amount, description: 'The chain fee, debited with the amount for a coin' }),
  attr: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  compliant: Type.Optional(Type.Boolean()),
  multipleAmounts: Type.Optional(
    Type.Array(Amount, { maxItems: 500, description: 'One amount per address; they add up to amount' }),
  ),
  paymentId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  senderNote: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
});
export type CreateWithdrawal = Static<typeof CreateWithdrawal>;

/** Tatum's description of one UTXO input of a withdrawal; this server never sends one. */
const ResponseData = Type.Object({
  address: Type.Optional(Address),
  amount: Type.Optional(Type.Number()),
  vIn: Type.Optional(Type.String()),
  vInIndex: Type.Optional(Type.Integer()),
  scriptPubKey: Type.Optional(Type.String()),
});

export const WithdrawalResponse = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  // UTXO inputs need chain data this server does not hold.
  data: Type.Array(ResponseData, { description: 'Always empty: the server holds no chain data' }),
});
export type WithdrawalResponse = Static<typeof WithdrawalResponse>;

// The bounds are those a stored withdrawal was validated with, as Tatum's WithdrawalObject states them.
const StoredAmount = Type.String({ pattern: AMOUNT_PATTERN });

export const Withdrawal = Type.Object({
  id: Type.String(),
  accountId: Type.String(),
  address: Type.String({ minLength: 1, maxLength: 10000 }),
  amount: Amount,
  fee: StoredAmount,
  reference: Type.String(),
  status: Type.Enum([...WITHDRAWAL_STATUSES], { type: 'string' }),
  txId: Nullable(Type.String()),
  attr: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  multipleAmounts: Nullable(Type.Array(StoredAmount)),
  paymentId: Nullable(Type.String({ minLength: 1, maxLength: 100 })),
  senderNote: Nullable(Type.String({ minLength: 1, maxLength: 500 })),
  currency: Type.String(),
  date: Type.Number({ description: 'When it was stored, UTC milliseconds' }),
  refund: Type.Optional(
    Nullable(
      Type.String({
        pattern: AMOUNT_PATTERN,
        description: 'What its cancel gave back: the amount, and the fee when reverted; null unless Cancelled',
      }),
    ),
  ),
});
export type Withdrawal = Static<typeof Withdrawal>;

export const WithdrawalQuery = Type.Object({
  pageSize: Type.Integer({ minimum: 1, maximum: 50 }),
  currency: Type.Optional(Type.String({ minLength: 2, maxLength: 30 })),
  status: Type.Optional(Type.Enum([...WITHDRAWAL_STATUSES], { type: 'string' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
});
export type WithdrawalQuery = Static<typeof WithdrawalQuery>;

export const WithdrawalIdParams = Type.Object({ id: Type.String({ minLength: 24, maxLength: 24 }) });
export const CompleteWithdrawalParams = Type.Object({
  id: Type.String({ minLength: 10, maxLength: 50 }),
  txId: Type.String({ minLength: 10, maxLength: 88 }),
});
export const CancelWithdrawalQuery = Type.Object({
  revert: Type.Optional(Type.Boolean({ default: true, description: 'Refund the fee too; true by default' })),
});

export const BroadcastWithdrawal = Type.Object({
  currency: Type.String({ minLength: 2, maxLength: 40 }),
  txData: Type.String({ minLength: 1, maxLength: 500000 }),
  withdrawalId: Type.Optional(Type.String({ minLength: 24, maxLength: 24 })),
  signatureId: Type.Optional(
    Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' }),
  ),
});
