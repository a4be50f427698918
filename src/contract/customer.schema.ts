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
  accountingCurrency: Nullable(FiatCurrencyCode),
  customerCountry: Nullable(Type.String()),
  providerCountry: Nullable(Type.String()),
});
export type Customer = Static<typeof Customer>;

// The fields a request may set on a customer. No default for accountingCurrency in the schema: an
// existing customer keeps its own when the field is absent (EUR is applied only to a new one).
const customerFields = {
  externalId: ExternalId,
  accountingCurrency: Type.Optional(FiatCurrencyCode),
  customerCountry: Type.Optional(CountryCodeValue),
  providerCountry: Type.Optional(CountryCodeValue),
};

// `externalId` is required even though Tatum's prose says "if not set, it will not be updated"
// (docs/decisions/0010-customer-update-externalid.md); the optional fields change only when present.
export const CustomerUpdate = Type.Object(customerFields);
export type CustomerUpdate = Static<typeof CustomerUpdate>;

/**
 * The `customer` of account creation: an upsert by externalId
 * (docs/decisions/0011-account-creation-upserts-customer.md).
 */
export const CustomerRegistration = Type.Object(customerFields);
export type CustomerRegistration = Static<typeof CustomerRegistration>;
