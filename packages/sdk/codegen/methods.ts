// From operations to SDK methods: which API each belongs to, its arguments in the PHP SDK's order, and
// their TypeScript types.

import type { Models } from './models.js';
import { METHODS, type MethodRow } from './names.js';
import type { JsonSchema, SourceOperation } from './openapi.js';
import { camel, pascal } from './text.js';

export interface MethodArgument {
  name: string;
  in: 'path' | 'query' | 'body';
  required: boolean;
  schema: JsonSchema;
  description: string | undefined;
  type: string;
}

export interface SdkMethod {
  operation: SourceOperation;
  /** `customer`, `account`, `virtualCurrency`, …: the accessor on `api()`. */
  api: string;
  name: string;
  args: MethodArgument[];
  /** The TypeScript type the promise resolves to. */
  returns: string;
  /** The PHP SDK's methods that this one stands for, each with the call of ours it is (names.ts `php`). */
  php: Record<string, string> | undefined;
}

export interface SdkApi {
  name: string;
  /** `CustomerApi`: the class and the reference page. */
  className: string;
  methods: SdkMethod[];
}

function defaultOrder(operation: SourceOperation, bodyName: string): string[] {
  const names = (where: string, required: boolean) =>
    operation.parameters.filter((p) => p.in === where && p.required === required).map((p) => p.name);
  return [
    ...names('path', true),
    ...(operation.body ? [bodyName] : []),
    ...names('query', true),
    ...names('query', false),
  ];
}

const isParameter = (operation: SourceOperation, name: string) => operation.parameters.some((p) => p.name === name);

/** The server's body narrowed for one of several methods of its operation (names.ts `of`). */
function narrowedBody(body: JsonSchema, row: MethodRow, name: string): JsonSchema {
  const properties = { ...body.properties };
  let required = [...(body.required ?? []), ...(row.required ?? [])];
  for (const [property, values] of Object.entries(row.only ?? {})) {
    const schema = properties[property];
    if (!schema) throw new Error(`names.ts METHODS.${name}: the body has no ${property}.`);
    if (values === null) {
      delete properties[property];
      required = required.filter((r) => r !== property);
    } else {
      const unknown = values.filter((v) => !schema.enum?.includes(v));
      if (unknown.length > 0) throw new Error(`names.ts METHODS.${name}: ${property} takes no ${unknown.join(', ')}.`);
      properties[property] = { ...schema, enum: [...values] };
    }
  }
  return { ...body, properties, required };
}

/**
 * The operations as the SDK's methods see them: one per operation, or, where names.ts splits an
 * operation (`of`), one per method, each with its own name, body, summary and description.
 */
export function sdkOperations(operations: SourceOperation[]): SourceOperation[] {
  const split = Object.entries(METHODS).filter(([, row]) => row.of !== undefined);
  for (const [name, row] of split) {
    if (!operations.some((o) => o.operationId === row.of))
      throw new Error(`names.ts METHODS.${name}: no operation ${row.of}.`);
  }
  return operations.flatMap((operation) => {
    const methods = split.filter(([, row]) => row.of === operation.operationId);
    if (methods.length === 0) return [operation];
    return methods.map(([name, row]) => {
      if (!operation.body) throw new Error(`names.ts METHODS.${name}: ${row.of} takes no body to narrow.`);
      return {
        ...operation,
        name,
        summary: row.summary ?? operation.summary,
        description: row.description ?? operation.description,
        body: narrowedBody(operation.body, row, name),
      };
    });
  });
}

function methodOf(operation: SourceOperation, models: Models): SdkMethod {
  const row = METHODS[operation.name];
  const bodyType = operation.body && models.typeOf(operation.body);
  const bodyName = bodyType && /^[A-Z]\w*$/.test(bodyType) ? camel(bodyType) : 'body';
  // Parameters the server has beyond the PHP SDK's (`offset` on getAccounts) follow the listed ones.
  const order = [...(row?.args ?? [])];
  for (const name of defaultOrder(operation, bodyName)) {
    if (!order.includes(name) && !(name === bodyName && row?.args.some((a) => !isParameter(operation, a))))
      order.push(name);
  }
  const where = `names.ts METHODS.${operation.name}`;
  const args = order.map((name): MethodArgument => {
    const parameter = operation.parameters.find((p) => p.name === name);
    if (parameter) return { ...parameter, type: models.typeOf(parameter.schema) };
    if (!operation.body) throw new Error(`${where}: '${name}' is neither a parameter nor the body.`);
    const required = !row?.optionalBody;
    return { name, in: 'body', required, schema: operation.body, description: undefined, type: bodyType! };
  });
  if (args.filter((a) => a.in === 'body').length !== (operation.body ? 1 : 0)) {
    throw new Error(`${where} must name the request body exactly once.`);
  }
  return {
    operation,
    api: row?.api ?? camel(operation.tag),
    name: operation.name,
    args,
    returns: operation.response ? models.typeOf(operation.response) : 'void',
    php: row?.php,
  };
}

/** The APIs, alphabetically, each with its methods alphabetically (as the PHP reference lists them). */
export function sdkApis(operations: SourceOperation[], models: Models): SdkApi[] {
  const apis = new Map<string, SdkMethod[]>();
  for (const operation of operations) {
    const method = methodOf(operation, models);
    apis.set(method.api, [...(apis.get(method.api) ?? []), method]);
  }
  return [...apis.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, methods]) => ({
      name,
      className: `${pascal(name)}Api`,
      methods: methods.sort((a, b) => a.name.localeCompare(b.name)),
    }));
}

/** `name?: T` where only optional arguments follow, `name: T | undefined` before a required one. */
export function signatureArgs(method: SdkMethod): string[] {
  return method.args.map((arg, i) => {
    if (arg.required) return `${arg.name}: ${arg.type}`;
    const trailing = method.args.slice(i).every((a) => !a.required);
    return trailing ? `${arg.name}?: ${arg.type}` : `${arg.name}: ${arg.type} | undefined`;
  });
}
