import { Type, type Static } from 'typebox';
import { COUNTRY_CODES, FIAT_CURRENCIES } from './codes.js';
import { Nullable } from './common.schema.js';

export const FiatCurrencyCode = Type.Enum([...FIAT_CURRENCIES], { type: 'string', description: 'ISO-4217' });
export const CountryCodeValue = Type.Enum([...COUNTRY_CODES], { type: 'string', description: 'ISO-3166-1' });
export const ExternalId = Type.String({ minLength: 1, maxLength: 100, description: 'Customer external ID.' });

export const Customer = Type.Object({
  externalId: Type.String(),
  id: Type.String(),
  enabled: Type.Boolean(),
  active: Type.Boolean(),
  accountingCurrency: Nullable(Type.String()),
  customerCountry: Nullable(Type.String()),
  providerCountry: Nullable(Type.String()),
});
export type Customer = Static<typeof Customer>;

// `externalId` is required even though Tatum's prose says "if not set, it will not be updated"
// (DECISIONS.md 10); the optional fields change only when present.
export const CustomerUpdate = Type.Object({
  externalId: ExternalId,
  accountingCurrency: Type.Optional(FiatCurrencyCode),
  customerCountry: Type.Optional(CountryCodeValue),
  providerCountry: Type.Optional(CountryCodeValue),
});
export type CustomerUpdate = Static<typeof CustomerUpdate>;

// The `customer` object of account creation: an upsert by externalId. No default for
// accountingCurrency in the schema, because an existing customer must keep its own when it is absent.
export const CustomerRegistration = Type.Object({
  externalId: ExternalId,
  accountingCurrency: Type.Optional(FiatCurrencyCode),
  customerCountry: Type.Optional(CountryCodeValue),
  providerCountry: Type.Optional(CountryCodeValue),
});
export type CustomerRegistration = Static<typeof CustomerRegistration>;
