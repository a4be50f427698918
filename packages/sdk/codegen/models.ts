// The named models: which schemas get Tatum's names (names.ts, then equal shapes, then a name made from
// the operation), and how a schema is written as a TypeScript type.

import { boundsText } from './bounds.js';
import { NESTED_MODELS, OPERATION_MODELS } from './names.js';
import type { JsonSchema, SourceOperation } from './openapi.js';
import { isIdentifier, jsDoc, pascal, union, wrap } from './text.js';

const ANNOTATIONS = ['description', 'title', '$id', 'example', 'examples'];

/** Equal for two schemas that differ only in their own annotations. */
function shapeKey(schema: JsonSchema): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
    );
  };
  const own = Object.fromEntries(Object.entries(schema).filter(([key]) => !ANNOTATIONS.includes(key)));
  return JSON.stringify(sorted(own));
}

/** A literal type as Prettier writes it, so the reference pages read like the code. */
const literal = (value: unknown) =>
  typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(value);

const isObject = (schema: JsonSchema) => schema.type === 'object' || schema.properties !== undefined;
const isEnum = (schema: JsonSchema) => Array.isArray(schema.enum);
const nonNull = (schema: JsonSchema) => (schema.anyOf ?? []).filter((s) => s.type !== 'null');

/** The schema a response name belongs to: the items of a list, the object of a `T | null`. */
function modelTarget(schema: JsonSchema): JsonSchema | undefined {
  if (isObject(schema)) return schema;
  if (schema.type === 'array' && schema.items) return modelTarget(schema.items);
  for (const variant of schema.anyOf ?? schema.oneOf ?? []) {
    const target = modelTarget(variant);
    if (target) return target;
  }
  return undefined;
}

export class Models {
  /** Name to schema, in the order they were named. */
  readonly byName = new Map<string, JsonSchema>();
  // A schema object of the document that was given a name. Objects are named only where names.ts or
  // an operation says so: two bodies with equal fields (a batch's items and UnblockAmount) are not
  // the same model. Enums are named by shape, so FiatCurrency is one type wherever it appears.
  readonly #byIdentity = new Map<JsonSchema, string>();
  readonly #enumByShape = new Map<string, string>();

  static fromOperations(operations: SourceOperation[]): Models {
    const models = new Models();
    for (const operation of operations) {
      const names = OPERATION_MODELS[operation.name] ?? {};
      const id = pascal(operation.name);
      if (operation.body) models.#nameOperationSchema(names.body, `${id}Body`, operation.body);
      if (operation.response) models.#nameOperationSchema(names.response, `${id}Response`, operation.response);
    }
    return models;
  }

  /**
   * A list's name is its items' name; a list of strings keeps the name itself (BatchTransactionResult).
   * Several names are those of the variants of a response that is one of several shapes, in order.
   */
  #nameOperationSchema(given: string | readonly string[] | undefined, fallback: string, schema: JsonSchema): void {
    if (given !== undefined && typeof given !== 'string') {
      const variants = schema.anyOf ?? schema.oneOf ?? [];
      if (variants.length !== given.length)
        throw new Error(`${fallback}: ${given.length} names for ${variants.length} variants.`);
      given.forEach((name, i) => this.#nameOperationSchema(name, fallback, variants[i]!));
      return;
    }
    const target = modelTarget(schema) ?? schema;
    if (given) this.name(given, target);
    else if (isObject(target)) this.name(fallback, target);
  }

  /** Names `schema` and, through NESTED_MODELS, the schemas inside it. */
  name(name: string, schema: JsonSchema): void {
    const existing = this.byName.get(name);
    if (existing && shapeKey(existing) !== shapeKey(schema)) {
      throw new Error(`Model ${name} has two different shapes in the OpenAPI document; name one apart in names.ts.`);
    }
    this.#byIdentity.set(schema, name);
    if (!existing) this.byName.set(name, schema);
    if (isEnum(schema) && !this.#enumByShape.has(shapeKey(schema))) this.#enumByShape.set(shapeKey(schema), name);
    // Every occurrence is walked: each response's copy of Account has its own `balance` to name.
    for (const [property, inner] of Object.entries(schema.properties ?? {})) {
      const value = nonNull(inner).length === 1 ? nonNull(inner)[0]! : inner;
      const direct = NESTED_MODELS[`${name}.${property}`];
      if (direct) this.name(direct, value);
      const items = NESTED_MODELS[`${name}.${property}[]`];
      if (items && value.items) this.name(items, value.items);
    }
  }

  nameFor(schema: JsonSchema): string | undefined {
    return this.#byIdentity.get(schema) ?? (isEnum(schema) ? this.#enumByShape.get(shapeKey(schema)) : undefined);
  }

  /** The TypeScript type of `schema`; a named shape is written as its name unless it is `self`. */
  typeOf(schema: JsonSchema, self?: string): string {
    const named = this.nameFor(schema);
    if (named && named !== self) return named;
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants) return union(variants.map((v) => this.typeOf(v)));
    if (Array.isArray(schema.enum)) return union(schema.enum.map(literal));
    if ('const' in schema) return literal(schema.const);
    if (Array.isArray(schema.type)) return union(schema.type.map((type) => this.typeOf({ ...schema, type })));
    switch (schema.type) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return schema.items ? `${wrap(this.typeOf(schema.items))}[]` : 'unknown[]';
      default:
        // An object of no declared fields (a subscription's attr) takes any: `{}` would take a string too.
        if (schema.properties && Object.keys(schema.properties).length > 0) return `{\n${this.#members(schema)}}`;
        return schema.type === 'object' ? 'Record<string, unknown>' : 'unknown';
    }
  }

  #members(schema: JsonSchema): string {
    const required = new Set(schema.required ?? []);
    return Object.entries(schema.properties ?? {})
      .map(([property, inner]) => {
        const bounds = boundsText(inner);
        const doc = jsDoc([inner.description, bounds && `${bounds[0]!.toUpperCase()}${bounds.slice(1)}.`], '  ');
        const key = isIdentifier(property) ? property : JSON.stringify(property);
        return `${doc}  ${key}${required.has(property) ? '' : '?'}: ${this.typeOf(inner)};\n`;
      })
      .join('');
  }

  /** models.ts: every named model as an interface or a type alias, alphabetically. */
  emitTypes(header: string): string {
    const blocks = [...this.byName.keys()].sort().map((name) => {
      const schema = this.byName.get(name)!;
      const doc = jsDoc([schema.description]);
      if (isObject(schema) && schema.properties) return `${doc}export interface ${name} {\n${this.#members(schema)}}\n`;
      return `${doc}export type ${name} = ${this.typeOf(schema, name)};\n`;
    });
    return `${header}\n${blocks.join('\n')}`;
  }
}
