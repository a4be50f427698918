// The shape of the generated operation tables (src/generated/*-api.ts). Everything the SDK knows about
// an operation comes from the server's OpenAPI document through these: the request line, the bounds
// checked before sending, the credits the reference states.

/** The JSON-schema subset the server's OpenAPI document uses, as far as the SDK checks it. */
export interface Schema {
  readonly type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
  readonly enum?: readonly (string | number | boolean | null)[];
  readonly const?: string | number | boolean | null;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly anyOf?: readonly Schema[];
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** One argument of an SDK method, in the method's argument order. */
export interface Parameter {
  /** The argument's name; for `path` and `query` also the name on the wire. */
  readonly name: string;
  readonly in: 'path' | 'query' | 'body';
  readonly required: boolean;
  readonly schema: Schema;
  readonly description?: string;
}

export interface Operation {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** With `{name}` placeholders for the path parameters. */
  readonly path: string;
  readonly parameters: readonly Parameter[];
  /** Credits one call costs: a number, or the formula when it depends on the request. */
  readonly credits: number | string | undefined;
  readonly summary: string;
  readonly description: string;
}
