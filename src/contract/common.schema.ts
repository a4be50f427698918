import { Type, type TSchema } from 'typebox';

// Tatum serialises unset optional fields as null (CONTRACT.md §1.4); every client accepts it.
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    errorCode: Type.String(),
    message: Type.String(),
    data: Type.Optional(Type.Array(Type.Unknown())),
  },
  { description: 'Every refusal: 403 for a broken rule, 400 validation.failed (with data[]), 401 for a bad key.' },
);

// Lists page by item offset (DECISIONS.md 1). Tatum declares both as plain numbers; fractions and
// negative values are refused here rather than guessed at. Past 2^53 a JS number no longer prints as
// an integer (1e21 becomes "1e+21"), which PostgreSQL's OFFSET refuses, so the offset stops there.
export const PageSize = Type.Integer({ minimum: 1, maximum: 50, description: 'Max number of items per page is 50.' });
export const Offset = Type.Integer({
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'Offset to obtain next page of the data.',
});

export const CustomerInternalId = Type.String({ minLength: 10, maxLength: 50, description: 'Customer internal ID' });
