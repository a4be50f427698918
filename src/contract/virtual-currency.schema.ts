import { Type, type Static } from 'typebox';
import { FIAT_OR_CRYPTO_CURRENCIES } from './codes.js';
import { Nullable } from './common.schema.js';
import { CustomerRegistration, FiatCurrencyCode } from './customer.schema.js';
import { AccountId24, Amount } from './money.schema.js';

export const VIRTUAL_CURRENCY_PREFIX = 'VC_';

const VcName = Type.String({
  minLength: 1,
  maxLength: 30,
  pattern: '^[a-zA-Z0-9_]+$',
  description: "Must be prefixed with 'VC_'",
});
const BasePair = Type.Enum([...FIAT_OR_CRYPTO_CURRENCIES], { type: 'string' });
const BaseRate = Type.Number({
  minimum: 0,
  description: 'Rate of one unit in the base pair; 1 when the currency is created without one',
});

export const VirtualCurrency = Type.Object({
  name: VcName,
  supply: Type.String({ pattern: '^[+]?((\\d+(\\.\\d*)?)|(\\.\\d+))$', minLength: 1, maxLength: 38 }),
  basePair: BasePair,
  baseRate: Type.Optional(BaseRate),
  customer: Type.Optional(CustomerRegistration),
  description: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  accountCode: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  accountNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  accountingCurrency: Type.Optional(FiatCurrencyCode),
});
export type VirtualCurrency = Static<typeof VirtualCurrency>;

export const VirtualCurrencyUpdate = Type.Object({
  name: VcName,
  baseRate: Type.Optional(BaseRate),
  basePair: Type.Optional(BasePair),
});
export type VirtualCurrencyUpdate = Static<typeof VirtualCurrencyUpdate>;

export const VirtualCurrencyOperation = Type.Object({
  accountId: AccountId24,
  amount: Amount,
  paymentId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  reference: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  transactionCode: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  recipientNote: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  counterAccount: Type.Optional(AccountId24),
  senderNote: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
});
export type VirtualCurrencyOperation = Static<typeof VirtualCurrencyOperation>;

export const VC = Type.Object({
  name: Type.String(),
  supply: Type.String(),
  accountId: Type.String(),
  baseRate: Type.Number(),
  basePair: Type.String(),
  customerId: Nullable(Type.String()),
  description: Nullable(Type.String()),
});
export type VC = Static<typeof VC>;
