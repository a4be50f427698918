// Compares two OpenAPI 3.1 operations by what reaches the wire: parameters, request bodies and
// response bodies, down to every property's type, bounds, enum and pattern. Prose (description,
// example, summary, tags) is left out: it may say the same thing in other words.

type Json = any;

export interface Difference {
  operationId: string;
  /** Where: `query.pageSize`, `body.customer.customerCountry`, `response.200[].xpub`, `response.500`. */
  at: string;
  /** What: a schema keyword (`type`, `maximum`, `enum`…) or a presence (`property-extra`, `status-missing`…). */
  kind: string;
  ours?: unknown;
  tatum?: unknown;
}

/** A schema reduced to the keywords that decide what is valid, with `$ref`s and nullable unions resolved. */
interface Shape {
  types?: string[];
  nullable: boolean;
  keywords: Record<string, unknown>;
  properties?: Record<string, Shape>;
  required?: string[];
  items?: Shape;
  additionalProperties?: false | Shape;
  /** The branches of a union that is neither nullable-of-one nor of objects, ordered by type. */
  variants?: Shape[];
}

const KEYWORDS = [
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'pattern',
  'format',
  'default',
  'minItems',
  'maxItems',
  'uniqueItems',
] as const;

function resolve(doc: Json, schema: Json): Json {
  if (!schema || typeof schema !== 'object' || typeof schema.$ref !== 'string') return schema;
  const target = schema.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((node: Json, key: string) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  if (target === undefined) throw new Error(`unresolved $ref ${schema.$ref}`);
  // Keywords beside a $ref add to the target (Tatum writes `{$ref: CountryCode, type: 'string'}`).
  const { $ref: _ref, ...siblings } = schema;
  return resolve(doc, { ...target, ...siblings });
}

const isNullSchema = (s: Json) => s?.type === 'null' || (Array.isArray(s?.type) && s.type.join() === 'null');

function shape(doc: Json, raw: Json, depth = 0): Shape {
  if (depth > 40) throw new Error('schema nests too deep (a recursive $ref?)');
  const schema = resolve(doc, raw) ?? {};
  const union: Json[] | undefined = schema.oneOf ?? schema.anyOf;
  if (union) {
    const branches = union.map((branch) => resolve(doc, branch));
    const nonNull = branches.filter((b) => !isNullSchema(b));
    const nullable = nonNull.length < branches.length;
    const { oneOf: _o, anyOf: _a, ...rest } = schema;
    if (nonNull.length === 1) {
      const inner = shape(doc, { ...rest, ...nonNull[0] }, depth + 1);
      return { ...inner, nullable: inner.nullable || nullable };
    }
    const shapes = nonNull.map((b) => shape(doc, b, depth + 1));
    if (shapes.every((s) => s.properties)) return { ...mergeObjects(shapes), nullable };
    // Tatum's transaction finds answer a list or, with count=true, a number: compare branch by branch.
    const variants = shapes.sort((a, b) => json(a.types).localeCompare(json(b.types)));
    return { nullable, keywords: {}, variants };
  }
  const declared: string[] = schema.type === undefined ? [] : [schema.type].flat();
  let types = declared.filter((t) => t !== 'null');
  // A schema with properties describes an object even when it omits `type` (Tatum's Blockage does).
  if (types.length === 0 && schema.properties) types = ['object'];
  const result: Shape = { nullable: declared.includes('null'), keywords: {} };
  if (types.length > 0) result.types = [...types].sort();
  for (const keyword of KEYWORDS) if (schema[keyword] !== undefined) result.keywords[keyword] = schema[keyword];
  if (schema.enum !== undefined) result.keywords.enum = [...schema.enum].sort();
  if (schema.const !== undefined) result.keywords.enum = [schema.const];
  if (schema.properties) {
    result.properties = {};
    for (const [name, property] of Object.entries(schema.properties)) {
      result.properties[name] = shape(doc, property, depth + 1);
    }
  }
  if (schema.required) result.required = [...schema.required].sort();
  if (schema.items !== undefined) result.items = shape(doc, schema.items, depth + 1);
  if (schema.additionalProperties === false) result.additionalProperties = false;
  else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    result.additionalProperties = shape(doc, schema.additionalProperties, depth + 1);
  }
  return result;
}

/**
 * `oneOf` of objects, as Tatum writes a body that takes either of two shapes (CreateAccountXpub or
 * CreateAccount) or a response that is one of several error bodies: every property of any branch,
 * required only where every branch requires it.
 */
function mergeObjects(shapes: Shape[]): Shape {
  const properties: Record<string, Shape> = {};
  for (const s of shapes) for (const [name, p] of Object.entries(s.properties!)) properties[name] ??= p;
  const required = Object.keys(properties)
    .filter((name) => shapes.every((s) => s.required?.includes(name)))
    .sort();
  return { types: ['object'], nullable: false, keywords: {}, properties, required };
}

const json = (value: unknown) => JSON.stringify(value);

function enumSummary(ours: unknown[] | undefined, tatum: unknown[] | undefined) {
  if (!ours || !tatum)
    return { ours: ours ? `${ours.length} values` : 'none', tatum: tatum ? `${tatum.length} values` : 'none' };
  const added = ours.filter((v) => !tatum.some((t) => json(t) === json(v)));
  const removed = tatum.filter((v) => !ours.some((o) => json(o) === json(v)));
  return { ours: `+${json(added)}`, tatum: `-${json(removed)}` };
}

function compareShapes(ours: Shape, tatum: Shape, at: string, add: (d: Omit<Difference, 'operationId'>) => void) {
  if (ours.variants || tatum.variants) {
    const [o, t] = [ours.variants ?? [ours], tatum.variants ?? [tatum]];
    if (o.length !== t.length) add({ at, kind: 'union', ours: o.map((v) => v.types), tatum: t.map((v) => v.types) });
    else o.forEach((variant, i) => compareShapes(variant, t[i]!, `${at}|${i}`, add));
    return;
  }
  if (json(ours.types) !== json(tatum.types)) add({ at, kind: 'type', ours: ours.types, tatum: tatum.types });
  if (ours.nullable && !tatum.nullable) add({ at, kind: 'nullable' });
  if (!ours.nullable && tatum.nullable) add({ at, kind: 'nullable-missing' });
  const names = new Set([...Object.keys(ours.keywords), ...Object.keys(tatum.keywords)]);
  for (const keyword of [...names].sort()) {
    const [o, t] = [ours.keywords[keyword], tatum.keywords[keyword]];
    if (json(o) === json(t)) continue;
    if (keyword === 'enum') add({ at, kind: 'enum', ...enumSummary(o as unknown[], t as unknown[]) });
    else add({ at, kind: keyword, ours: o, tatum: t });
  }
  const properties = new Set([...Object.keys(ours.properties ?? {}), ...Object.keys(tatum.properties ?? {})]);
  for (const name of [...properties].sort()) {
    const [o, t] = [ours.properties?.[name], tatum.properties?.[name]];
    const where = `${at}.${name}`;
    if (!t) add({ at: where, kind: 'property-extra' });
    else if (!o) add({ at: where, kind: 'property-missing' });
    else compareShapes(o, t, where, add);
    const [oursRequires, tatumRequires] = [ours.required?.includes(name), tatum.required?.includes(name)];
    if (oursRequires && !tatumRequires) add({ at: where, kind: 'required-extra' });
    if (!oursRequires && tatumRequires) add({ at: where, kind: 'required-missing' });
  }
  if (ours.items || tatum.items) {
    if (!ours.items || !tatum.items) add({ at: `${at}[]`, kind: ours.items ? 'items-extra' : 'items-missing' });
    else compareShapes(ours.items, tatum.items, `${at}[]`, add);
  }
  const [oa, ta] = [ours.additionalProperties, tatum.additionalProperties];
  if (oa === false || ta === false) {
    if (oa !== ta)
      add({
        at,
        kind: 'additionalProperties',
        ours: oa === false ? false : 'allowed',
        tatum: ta === false ? false : 'allowed',
      });
  } else if (oa && ta) compareShapes(oa, ta, `${at}{}`, add);
}

interface Operation {
  method: string;
  path: string;
  operationId: string;
  op: Json;
}

/** Every operation of a document, keyed by operationId. */
export function operationsOf(doc: Json): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const [path, methods] of Object.entries<Json>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<Json>(methods)) {
      if (!op?.operationId) continue;
      operations.set(op.operationId, { method: method.toUpperCase(), path, operationId: op.operationId, op });
    }
  }
  return operations;
}

function jsonSchemaOf(doc: Json, holder: Json): Json | undefined {
  const resolved = resolve(doc, holder);
  return resolved?.content?.['application/json']?.schema;
}

function mediaTypes(doc: Json, holder: Json): string[] {
  return Object.keys(resolve(doc, holder)?.content ?? {}).sort();
}

/** The differences between our operation and Tatum's of the same operationId. */
export function compareOperation(oursDoc: Json, tatumDoc: Json, operationId: string): Difference[] {
  const ours = operationsOf(oursDoc).get(operationId)!;
  const tatum = operationsOf(tatumDoc).get(operationId)!;
  const differences: Difference[] = [];
  const add = (d: Omit<Difference, 'operationId'>) => differences.push({ operationId, ...d });

  if (ours.method !== tatum.method || ours.path !== tatum.path) {
    add({ at: 'route', kind: 'route', ours: `${ours.method} ${ours.path}`, tatum: `${tatum.method} ${tatum.path}` });
  }
  const security = (doc: Json, op: Json) => json(op.security ?? doc.security ?? []);
  if (security(oursDoc, ours.op) !== security(tatumDoc, tatum.op)) {
    add({ at: 'security', kind: 'security', ours: ours.op.security ?? oursDoc.security, tatum: tatum.op.security });
  }

  const params = (doc: Json, op: Json) =>
    new Map<string, Json>(
      (op.parameters ?? []).map((p: Json) => resolve(doc, p)).map((p: Json) => [`${p.in}.${p.name}`, p]),
    );
  const [oursParams, tatumParams] = [params(oursDoc, ours.op), params(tatumDoc, tatum.op)];
  for (const key of [...new Set([...oursParams.keys(), ...tatumParams.keys()])].sort()) {
    const [o, t] = [oursParams.get(key), tatumParams.get(key)];
    if (!t) add({ at: key, kind: 'parameter-extra' });
    else if (!o) add({ at: key, kind: 'parameter-missing' });
    else {
      if (Boolean(o.required) && !t.required) add({ at: key, kind: 'required-extra' });
      if (!o.required && Boolean(t.required)) add({ at: key, kind: 'required-missing' });
      compareShapes(shape(oursDoc, o.schema), shape(tatumDoc, t.schema), key, add);
    }
  }

  const [oursBody, tatumBody] = [ours.op.requestBody, tatum.op.requestBody];
  if (oursBody || tatumBody) {
    if (!tatumBody) add({ at: 'body', kind: 'body-extra' });
    else if (!oursBody) add({ at: 'body', kind: 'body-missing' });
    else {
      if (Boolean(resolve(oursDoc, oursBody).required) !== Boolean(resolve(tatumDoc, tatumBody).required)) {
        add({ at: 'body', kind: 'body-required', ours: oursBody.required, tatum: tatumBody.required });
      }
      if (json(mediaTypes(oursDoc, oursBody)) !== json(mediaTypes(tatumDoc, tatumBody))) {
        add({
          at: 'body',
          kind: 'content',
          ours: mediaTypes(oursDoc, oursBody),
          tatum: mediaTypes(tatumDoc, tatumBody),
        });
      }
      const [o, t] = [jsonSchemaOf(oursDoc, oursBody), jsonSchemaOf(tatumDoc, tatumBody)];
      if (o && t) compareShapes(shape(oursDoc, o), shape(tatumDoc, t), 'body', add);
    }
  }

  const [oursResponses, tatumResponses] = [ours.op.responses ?? {}, tatum.op.responses ?? {}];
  for (const status of [...new Set([...Object.keys(oursResponses), ...Object.keys(tatumResponses)])].sort()) {
    const at = `response.${status}`;
    const [o, t] = [oursResponses[status], tatumResponses[status]];
    if (!t) add({ at, kind: 'status-extra' });
    else if (!o) add({ at, kind: 'status-missing' });
    else {
      const [om, tm] = [mediaTypes(oursDoc, o), mediaTypes(tatumDoc, t)];
      if (json(om) !== json(tm)) add({ at, kind: 'content', ours: om, tatum: tm });
      const [os, ts] = [jsonSchemaOf(oursDoc, o), jsonSchemaOf(tatumDoc, t)];
      if (os && ts) compareShapes(shape(oursDoc, os), shape(tatumDoc, ts), at, add);
    }
  }
  return differences;
}

export function describeDifference(d: Difference): string {
  const values = 'ours' in d || 'tatum' in d ? ` (ours ${json(d.ours)}, Tatum ${json(d.tatum)})` : '';
  return `${d.operationId} ${d.at}: ${d.kind}${values}`;
}
