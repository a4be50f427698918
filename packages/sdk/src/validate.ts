// The documented bounds, checked before a request is sent, as Tatum's PHP SDK checks them: a call that
// the server would refuse with 400 is refused here without a round trip and without spending credits.
// Items have the shape of the server's `data[]` (class-validator), with a dotted path as `property`.

import type { Parameter, Schema } from './operation.js';

export interface ValidationItem {
  property: string;
  value: unknown;
  constraints: Record<string, string>;
}

const TYPE_NAMES: Record<string, [string, string]> = {
  string: ['isString', 'must be a string'],
  integer: ['isInt', 'must be an integer number'],
  number: ['isNumber', 'must be a number conforming to the specified constraints'],
  boolean: ['isBoolean', 'must be a boolean value'],
  object: ['isObject', 'must be an object'],
  array: ['isArray', 'must be an array'],
  null: ['isNull', 'must be null'],
};

function hasType(value: unknown, type: NonNullable<Schema['type']>): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** The broken constraints of `value` against `schema`, appended to `items`. */
export function checkValue(value: unknown, schema: Schema, property: string, items: ValidationItem[]): void {
  const broken: Record<string, string> = {};
  const add = (name: string, message: string) => (broken[name] = `${property} ${message}`);

  if (schema.anyOf) {
    const fits = schema.anyOf.some((branch) => {
      const inner: ValidationItem[] = [];
      checkValue(value, branch, property, inner);
      return inner.length === 0;
    });
    if (!fits) {
      // `T | null` is the common union: report what T requires rather than a generic message.
      const nonNull = schema.anyOf.filter((branch) => branch.type !== 'null');
      if (nonNull.length === 1 && value !== null) return checkValue(value, nonNull[0]!, property, items);
      add('anyOf', 'must match one of the allowed shapes');
    }
  } else if (schema.type && !hasType(value, schema.type)) {
    const [name, message] = TYPE_NAMES[schema.type]!;
    add(name, message);
  } else if (schema.enum && !schema.enum.includes(value as never)) {
    add('isIn', `must be one of the following values: ${schema.enum.join(', ')}`);
  } else if (schema.const !== undefined && value !== schema.const) {
    add('equals', `must be equal to ${String(schema.const)}`);
  } else if (typeof value === 'string') {
    // The server counts characters as JSON Schema does, by code point.
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength)
      add('isLength', `must be longer than or equal to ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && length > schema.maxLength)
      add('isLength', `must be shorter than or equal to ${schema.maxLength} characters`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
      add('matches', `must match /${schema.pattern}/ regular expression`);
  } else if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) add('min', `must not be less than ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      add('max', `must not be greater than ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      add('min', `must be greater than ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      add('max', `must be less than ${schema.exclusiveMaximum}`);
  } else if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      add('arrayMinSize', `must contain at least ${schema.minItems} elements`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      add('arrayMaxSize', `must contain no more than ${schema.maxItems} elements`);
    if (schema.items) value.forEach((item, i) => checkValue(item, schema.items!, `${property}[${i}]`, items));
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (record[name] === undefined)
        items.push({
          property: `${property}.${name}`,
          value: undefined,
          constraints: { isDefined: `${property}.${name} should not be null or undefined` },
        });
    }
    for (const [name, inner] of Object.entries(schema.properties ?? {})) {
      if (record[name] !== undefined) checkValue(record[name], inner, `${property}.${name}`, items);
    }
  }
  if (Object.keys(broken).length > 0) items.push({ property, value, constraints: broken });
}

/** Checks a method's arguments, given in the order of `parameters`. */
export function checkArguments(parameters: readonly Parameter[], args: readonly unknown[]): ValidationItem[] {
  const items: ValidationItem[] = [];
  parameters.forEach((parameter, i) => {
    const value = args[i];
    if (value === undefined || value === null) {
      if (parameter.required)
        items.push({
          property: parameter.name,
          value,
          constraints: { isDefined: `${parameter.name} should not be null or undefined` },
        });
      return;
    }
    checkValue(value, parameter.schema, parameter.name, items);
  });
  return items;
}
