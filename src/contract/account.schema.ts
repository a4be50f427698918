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
  accountNumber: Nullable(Type.String({ minLength: 1, maxLength: 50 })),
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

/** Accounts in one batch at most: Tatum documents no bound (README, "Limits"). */
export const MAX_BATCH_ACCOUNTS = 500;

export const CreateAccountBatch = Type.Object({
  accounts: Type.Array(CreateAccount, {
    minItems: 1,
    maxItems: MAX_BATCH_ACCOUNTS,
    description: `The accounts, at most ${MAX_BATCH_ACCOUNTS}`,
  }),
});
export type CreateAccountBatch = Static<typeof CreateAccountBatch>;

export const AccountId = Type.String({ minLength: 1, maxLength: 100, description: 'Account ID' });

export const UpdateAccount = Type.Object(
  {
    accountCode: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    accountNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  },
  // Tatum's v1 client refuses an update that sets neither; so does the server.
  { minProperties: 1 },
);
export type UpdateAccount = Static<typeof UpdateAccount>;

const listFilters = {
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 50 })),
  // The skip is page × pageSize, which must stay an integer a JS number prints as such (as Offset).
  page: Type.Optional(
    Type.Integer({ minimum: 0, maximum: Math.floor(Number.MAX_SAFE_INTEGER / 50), description: 'Page number, from 0' }),
  ),
  // Tatum's v1 client sends an item offset here instead of a page (docs/decisions/0001-item-offset-paging.md).
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  sort: Type.Optional(Type.Enum(['asc', 'desc'], { type: 'string' })),
  active: Type.Optional(Type.Boolean()),
  onlyNonZeroBalance: Type.Optional(Type.Boolean()),
  frozen: Type.Optional(Type.Boolean()),
  currency: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  accountNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
};

export const ACCOUNT_SORT_KEYS = ['id', 'account_number', 'account_balance', 'available_balance'] as const;
export type AccountSortKey = (typeof ACCOUNT_SORT_KEYS)[number];

export const AccountListQuery = Type.Object({
  ...listFilters,
  sortBy: Type.Optional(Type.Enum([...ACCOUNT_SORT_KEYS], { type: 'string' })),
});
export type AccountListQuery = Static<typeof AccountListQuery>;

// Tatum spells the id sort key `_id` on the count route only.
export const AccountCountQuery = Type.Object({
  ...listFilters,
  sortBy: Type.Optional(
    Type.Enum(['_id', 'account_number', 'account_balance', 'available_balance'], { type: 'string' }),
  ),
});

export const EntitiesCount = Type.Object({ total: Type.Integer() });
