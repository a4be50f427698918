import { Ajv, type ErrorObject, type Options } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { echoOf, MAX_REPORTED_ERRORS } from './validation-echo.js';

// Query strings and path parameters are text, so they are coerced to the declared types; JSON bodies
// are not: `"externalId": 123` is refused, as class-validator refuses it for Tatum. allErrors makes one
// 400 list every broken constraint, not just the first.
const shared: Options = { allErrors: true, useDefaults: true, strict: false };
const bodyAjv = new Ajv({ ...shared, coerceTypes: false });
const textAjv = new Ajv({ ...shared, coerceTypes: 'array' });

// PostgreSQL text cannot hold U+0000, so every declared string refuses it here (400 naming the field)
// instead of reaching storage and failing there with a 500. A declared pattern is left alone: it is
// trusted to exclude the character itself.
const WITHOUT_NUL = '^[^\\u0000]*$';

// JSON parses 1e999 as Infinity, and a query string's "1e999" coerces to it; JSON Schema's `number`
// takes it, and NUMERIC would store it (a rate of Infinity made every market value "Infinity"). So
// every declared number is also `finite`, as class-validator's isNumber refuses Infinity and NaN.
for (const ajv of [bodyAjv, textAjv]) {
  ajv.addKeyword({
    keyword: 'finite',
    type: 'number',
    schemaType: 'boolean',
    validate: (finite: boolean, data: number) => !finite || Number.isFinite(data),
    errors: false,
  });
}

/** The schema as validated here: strings refuse U+0000, numbers refuse Infinity and NaN. */
function withStorageBounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withStorageBounds);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = withStorageBounds(value);
  if (copy.type === 'string' && copy.pattern === undefined) copy.pattern = WITHOUT_NUL;
  if (copy.type === 'number') copy.finite = true;
  return copy;
}

export const compileValidator: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(withStorageBounds(schema) as object);

/** One item of Tatum's 400 `data[]`: the shape class-validator gives a ValidationError. */
export interface ValidationItem {
  target: unknown;
  value: unknown;
  property: string;
  children: ValidationItem[];
  constraints?: Record<string, string>;
}

const TYPE_CONSTRAINTS: Record<string, [string, string]> = {
  string: ['isString', 'must be a string'],
  integer: ['isInt', 'must be an integer number'],
  number: ['isNumber', 'must be a number conforming to the specified constraints'],
  boolean: ['isBoolean', 'must be a boolean value'],
  object: ['isObject', 'must be an object'],
  array: ['isArray', 'must be an array'],
};

/** class-validator's constraint name and message for one ajv error. */
function constraintOf(error: ErrorObject, property: string): [string, string] {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return ['isDefined', `${property} should not be null or undefined`];
    case 'minLength':
      return ['isLength', `${property} must be longer than or equal to ${p.limit} characters`];
    case 'maxLength':
      return ['isLength', `${property} must be shorter than or equal to ${p.limit} characters`];
    case 'enum':
      return ['isIn', `${property} must be one of the following values: ${(p.allowedValues as string[]).join(', ')}`];
    case 'minimum':
      return ['min', `${property} must not be less than ${p.limit}`];
    case 'maximum':
      return ['max', `${property} must not be greater than ${p.limit}`];
    case 'pattern':
      return ['matches', `${property} must match /${p.pattern}/ regular expression`];
    case 'minItems':
      return ['arrayMinSize', `${property} must contain at least ${p.limit} elements`];
    case 'finite':
      return ['isNumber', `${property} ${TYPE_CONSTRAINTS.number![1]}`];
    case 'maxItems':
      return ['arrayMaxSize', `${property} must contain no more than ${p.limit} elements`];
    case 'type': {
      const [name, text] = TYPE_CONSTRAINTS[String(p.type)] ?? ['isValid', `must be ${p.type}`];
      return [name, `${property} ${text}`];
    }
    default:
      return [error.keyword, `${property} ${error.message ?? 'is invalid'}`];
  }
}

function pathOf(error: ErrorObject): string[] {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required')
    segments.push(String((error.params as { missingProperty: string }).missingProperty));
  return segments;
}

function childOf(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function itemFor(siblings: ValidationItem[], property: string, target: unknown, value: unknown): ValidationItem {
  let item = siblings.find((s) => s.property === property);
  if (!item) {
    item = { target: echoOf(target), value: echoOf(value), property, children: [] };
    siblings.push(item);
  }
  return item;
}

/** Path depth first, so that a refusal of a whole array (over its maxItems) comes before its items'. */
function byDepth(a: ErrorObject, b: ErrorObject): number {
  return pathOf(a).length - pathOf(b).length;
}

/**
 * Turns ajv errors into class-validator's nested ValidationError tree: an error at
 * `/customer/externalId` becomes the item `customer` with a child `externalId`, and an error on the
 * whole part (a missing body) becomes an item named after the part. At most MAX_REPORTED_ERRORS
 * errors are reported, the shallowest first, each echoing at most MAX_ECHO_CHARACTERS (see echo.ts).
 */
export function toValidationItems(errors: ErrorObject[], root: unknown, partName: string): ValidationItem[] {
  const items: ValidationItem[] = [];
  for (const error of [...errors].sort(byDepth).slice(0, MAX_REPORTED_ERRORS)) {
    const path = pathOf(error);
    let item = path.length === 0 ? itemFor(items, partName, {}, root) : undefined;
    let siblings = items;
    let target = root;
    for (const property of path) {
      item = itemFor(siblings, property, target, childOf(target, property));
      target = childOf(target, property);
      siblings = item.children;
    }
    const [name, message] = constraintOf(error, item!.property);
    item!.constraints = { ...item!.constraints, [name]: message };
  }
  return items;
}
