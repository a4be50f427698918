import { Type, type TSchema } from 'typebox';

// Tatum serialises unset optional fields as null; every client accepts it
// (docs/decisions/0004-null-for-unset-fields.md).
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

/** Every refusal but a 400: 401 for a bad key, 403 for a broken rule, 500 when the server fails. */
export const RefusalBody = Type.Object(
  { statusCode: Type.Integer(), errorCode: Type.String(), message: Type.String() },
  {
    description: 'A refusal: 401 for a bad key, 403 for a broken rule (errorCode names it), 500 for a server failure.',
  },
);

// One item of a 400's data[]: class-validator's ValidationError, the shape Tatum's clients parse.
// `target` holds the property (an object, or an array for an item) and `value` is what was sent, so
// neither has one type; declaring one would make the serializer reshape them.
const ValidationItem = Type.Object({
  target: Type.Unknown({ description: 'The object or array holding the property' }),
  value: Type.Optional(Type.Unknown({ description: 'The value refused, as it was sent' })),
  property: Type.String(),
  constraints: Type.Optional(
    Type.Object({}, { additionalProperties: Type.String(), description: 'Constraint name to message' }),
  ),
  children: Type.Array(Type.Unknown(), { description: 'The same, for the properties nested inside' }),
});

/** 400: `validation.failed` with data[], or a request that cannot be read at all (bad JSON or URL) without. */
export const ValidationErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    errorCode: Type.String(),
    message: Type.String(),
    data: Type.Optional(Type.Array(ValidationItem)),
  },
  { description: 'validation.failed with data[]; request.body.invalid and the other unreadable requests without it.' },
);

// Lists page by item offset (docs/decisions/0001-item-offset-paging.md). Tatum declares both as plain
// numbers; fractions and negative values are refused here rather than guessed at. Past 2^53 a JS number
// no longer prints as an integer (1e21 becomes "1e+21"), which PostgreSQL's OFFSET refuses, so the offset
// stops there.
export const PageSize = Type.Integer({ minimum: 1, maximum: 50, description: 'Max number of items per page is 50.' });
export const Offset = Type.Integer({
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
  description: 'Offset to obtain next page of the data.',
});

export const CustomerInternalId = Type.String({ minLength: 10, maxLength: 50, description: 'Customer internal ID' });
