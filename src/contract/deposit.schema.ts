import { Type, type Static } from 'typebox';
import { Nullable } from './common.schema.js';
import { AccountId24, Amount } from './money.schema.js';
import { AddressParam, MAX_DERIVATION_KEY } from './address.schema.js';

// Deposits (Tatum's "Deposit"), and the report an operator's chain watcher makes of them, which is ours
// (docs/decisions/0027-deposit-reports.md).

export const DEPOSIT_STATUSES = ['InProgress', 'Done', 'Failed'] as const;
export type DepositStatus = (typeof DEPOSIT_STATUSES)[number];

const TxId = Type.String({ minLength: 10, maxLength: 88, description: 'Chain transaction id' });

export const Deposit = Type.Object({
  txId: Type.String(),
  address: Nullable(Type.String()),
  timestamp: Type.Number({ minimum: 0, description: 'When it was first reported, UTC milliseconds' }),
  xpub: Nullable(Type.String()),
  derivationKey: Nullable(Type.Integer({ maximum: MAX_DERIVATION_KEY })),
  amount: Type.String(),
  status: Type.Enum([...DEPOSIT_STATUSES], { type: 'string' }),
  accountId: Type.String(),
  currency: Type.String(),
  reference: Type.String({ description: 'The reference of its CREDIT_DEPOSIT record, once Done' }),
  vout: Type.Integer(),
  spent: Type.Boolean(),
  blockHeight: Type.Integer({ minimum: 0 }),
  blockHash: Nullable(Type.String()),
  from: Nullable(Type.String()),
});
export type Deposit = Static<typeof Deposit>;

export const ReportDeposit = Type.Object(
  {
    address: Type.Optional(AddressParam),
    tag: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'The tag or memo of an assigned address',
      }),
    ),
    accountId: Type.Optional(AccountId24),
    currency: Type.String({ minLength: 2, maxLength: 40 }),
    txId: TxId,
    index: Type.Integer({
      minimum: 0,
      maximum: MAX_DERIVATION_KEY,
      description: 'The output index (vout); 0 on account-based chains',
    }),
    amount: Amount,
    blockHeight: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    blockHash: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    from: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Enum([...DEPOSIT_STATUSES], { type: 'string' }),
  },
  // The address, or the account when the watcher knows it by account (a chain without addresses per account).
  { anyOf: [{ required: ['address'] }, { required: ['accountId'] }] },
);
export type ReportDeposit = Static<typeof ReportDeposit>;

export const DepositQuery = Type.Object({
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 50 })),
  page: Type.Optional(
    Type.Integer({ minimum: 0, maximum: Math.floor(Number.MAX_SAFE_INTEGER / 50), description: 'Page number, from 0' }),
  ),
  sort: Type.Optional(Type.Enum(['asc', 'desc'], { type: 'string', description: 'By report time; asc by default' })),
  status: Type.Optional(Type.Enum([...DEPOSIT_STATUSES], { type: 'string' })),
  currency: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  txId: Type.Optional(TxId),
  to: Type.Optional(AddressParam),
  accountId: Type.Optional(AccountId24),
});
export type DepositQuery = Static<typeof DepositQuery>;
