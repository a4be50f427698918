import { Type, type Static, type TSchema } from 'typebox';
import { Nullable } from './common.schema.js';
import { AccountId24, Amount, paymentOptions } from './money.schema.js';

export const OPERATION_TYPES = [
  'PAYMENT',
  'WITHDRAWAL',
  'BLOCKCHAIN_TRANSACTION',
  'EXCHANGE',
  'FAILED',
  'DEPOSIT',
  'MINT',
  'REVOKE',
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const TRANSACTION_TYPES = [
  'FAILED',
  'DEBIT_PAYMENT',
  'CREDIT_PAYMENT',
  'CREDIT_DEPOSIT',
  'DEBIT_WITHDRAWAL',
  'CANCEL_WITHDRAWAL',
  'DEBIT_OUTGOING_PAYMENT',
  'CREDIT_INCOMING_PAYMENT',
  'EXCHANGE_BUY',
  'EXCHANGE_SELL',
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const CreateTransaction = Type.Object({
  senderAccountId: AccountId24,
  recipientAccountId: AccountId24,
  amount: Amount,
  ...paymentOptions,
});
export type CreateTransaction = Static<typeof CreateTransaction>;

export const BatchTransactionItem = Type.Object({ recipientAccountId: AccountId24, amount: Amount, ...paymentOptions });
export type BatchTransactionItem = Static<typeof BatchTransactionItem>;

/**
 * Payments in one batch at most. Tatum documents no bound; a batch is one database transaction, and
 * on the embedded database nothing else writes while it runs (README, "Limits").
 */
export const MAX_BATCH_PAYMENTS = 500;

// `transaction` is optional in Tatum's schema; an absent or empty list sends nothing and returns [].
export const BatchCreateTransaction = Type.Object({
  senderAccountId: AccountId24,
  transaction: Type.Optional(
    Type.Array(BatchTransactionItem, {
      maxItems: MAX_BATCH_PAYMENTS,
      description: `The payments, at most ${MAX_BATCH_PAYMENTS}`,
    }),
  ),
});
export type BatchCreateTransaction = Static<typeof BatchCreateTransaction>;

const FilterTransactionType = Type.Enum([...TRANSACTION_TYPES, 'DEBIT_TRANSACTION'], { type: 'string' });

// Filter values may be signed: a sender's record carries a negative amount.
const AmountCondition = Type.Object({
  op: Type.Enum(['gte', 'lte', 'gt', 'lt', 'eq', 'neq'], { type: 'string' }),
  value: Type.String({ pattern: '^[+-]?((\\d+(\\.\\d*)?)|(\\.\\d+))$', maxLength: 38 }),
});
export type AmountCondition = Static<typeof AmountCondition>;

/** Values in one list of a find's filter (amount conditions, currencies, transaction types) at most. */
export const MAX_FILTER_VALUES = 50;
const filterList = <T extends TSchema>(item: T) =>
  Type.Optional(Type.Array(item, { maxItems: MAX_FILTER_VALUES, description: `At most ${MAX_FILTER_VALUES}` }));

const filterFields = {
  counterAccount: Type.Optional(AccountId24),
  // Bounded as Offset is: 2^53 ms is still a date PostgreSQL can hold (year ~287,000); much past it,
  // to_timestamp() fails with "timestamp out of range".
  from: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'Created at or after, UTC milliseconds',
    }),
  ),
  to: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'Created at or before, UTC milliseconds',
    }),
  ),
  currency: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  amount: filterList(AmountCondition),
  currencies: filterList(Type.String({ minLength: 1, maxLength: 50 })),
  transactionType: Type.Optional(FilterTransactionType),
  transactionTypes: filterList(FilterTransactionType),
  opType: Type.Optional(Type.Enum([...OPERATION_TYPES], { type: 'string' })),
  transactionCode: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  paymentId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  recipientNote: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  senderNote: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
};

export const TransactionFilter = Type.Object({ id: AccountId24, ...filterFields });
export const TransactionFilterCustomer = Type.Object({
  id: Type.String({ minLength: 24, maxLength: 24, description: 'Customer internal ID' }),
  account: Type.Optional(AccountId24),
  ...filterFields,
});
export const TransactionFilterLedger = Type.Object({ account: Type.Optional(AccountId24), ...filterFields });
export type TransactionFilterLedger = Static<typeof TransactionFilterLedger>;

/** Everything a find may narrow by, once the route has said whose transactions they are. */
export type TransactionQuery = TransactionFilterLedger & { accountId?: string; customerId?: string };

export const FindQuery = Type.Object({
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  count: Type.Optional(Type.Boolean({ description: 'Answer with the number of matches instead' })),
});

export const MarketValue = Type.Object({
  amount: Type.String(),
  currency: Type.String(),
  sourceDate: Type.Number(),
  source: Type.String(),
});

export const Transaction = Type.Object({
  accountId: Type.String(),
  counterAccountId: Nullable(Type.String()),
  currency: Type.String(),
  amount: Type.String(),
  anonymous: Type.Boolean(),
  created: Type.Number({ description: 'UTC milliseconds' }),
  marketValue: MarketValue,
  operationType: Type.String(),
  transactionType: Type.String(),
  reference: Type.String(),
  transactionCode: Nullable(Type.String()),
  senderNote: Nullable(Type.String()),
  recipientNote: Nullable(Type.String()),
  paymentId: Nullable(Type.String()),
  attr: Nullable(Type.String()),
  address: Nullable(Type.String()),
  txId: Nullable(Type.String()),
});
export type Transaction = Static<typeof Transaction>;
