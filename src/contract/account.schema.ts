import { Type, type Static } from 'typebox';
import { Nullable } from './common.schema.js';
import { CustomerRegistration, FiatCurrencyCode } from './customer.schema.js';

export const AccountBalance = Type.Object({
  accountBalance: Type.String({ description: 'All assets on the account, both available and blocked' }),
  availableBalance: Type.String({
    description:
      'The account balance minus the blocked assets; "0" while the account is frozen or its customer disabled',
  }),
});
export type AccountBalance = Static<typeof AccountBalance>;

export const Account = Type.Object({
  id: Type.String(),
  balance: AccountBalance,
  currency: Type.String(),
  frozen: Type.Boolean(),
  active: Type.Boolean(),
  customerId: Nullable(Type.String()),
  accountNumber: Nullable(Type.String()),
  accountCode: Nullable(Type.String()),
  accountingCurrency: Nullable(Type.String()),
  xpub: Nullable(Type.String()),
});
export type Account = Static<typeof Account>;

const accountFields = {
  currency: Type.String({ minLength: 2, maxLength: 40, description: 'Currency of the account; immutable.' }),
  xpub: Type.Optional(Type.String({ minLength: 1, maxLength: 192 })),
  customer: Type.Optional(CustomerRegistration),
  compliant: Type.Optional(Type.Boolean()),
  accountCode: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  accountingCurrency: Type.Optional(FiatCurrencyCode),
  accountNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
};

// Tatum's body is oneOf [CreateAccountXpub, CreateAccount], which differ only in whether xpub is
// required; one object with an optional xpub accepts exactly the same requests.
export const CreateAccount = Type.Object(accountFields);
export type CreateAccount = Static<typeof CreateAccount>;

export const CreateAccountBatch = Type.Object({
  accounts: Type.Array(CreateAccount, { minItems: 1 }),
});
export type CreateAccountBatch = Static<typeof CreateAccountBatch>;

export const AccountId = Type.String({ minLength: 1, maxLength: 100, description: 'Account ID' });
