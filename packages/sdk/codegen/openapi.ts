// The part of an OpenAPI 3.1 document the generator reads, and the operations taken out of it.

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  $ref?: string;
  [keyword: string]: unknown;
}

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
  'x-credits'?: number | string;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface SourceParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description: string | undefined;
  schema: JsonSchema;
}

export interface SourceOperation {
  operationId: string;
  /** The SDK method's name: the operationId, unless names.ts splits the operation into several methods. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  tag: string;
  summary: string;
  /** The description without its leading credits sentence (the reference states credits apart). */
  description: string;
  parameters: SourceParameter[];
  body: JsonSchema | undefined;
  /** Undefined for an empty response (204). */
  response: JsonSchema | undefined;
  credits: number | string | undefined;
}

const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;
// The route descriptions open with Tatum's credits sentence: "2 credits per API call.",
// "2 credits per API call + 1 credit for every created account." or "Credits per API call: 1 + 1 per
// deleted blockage." The reference states credits in a line of its own, so the sentence is cut.
const CREDITS_SENTENCE = /^\s*(\d+) credits? per API call(.*?)\.(\s+|$)/;
const CREDITS_FORMULA_SENTENCE = /^\s*Credits per API call: ([^.]*)\.(\s+|$)/;

/** Inlines `$ref`s to components, so every later step sees one self-contained schema. */
function resolveRefs(schema: JsonSchema, doc: OpenApiDocument, seen: string[] = []): JsonSchema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target || seen.includes(name)) throw new Error(`cannot resolve ${schema.$ref}`);
    const { $ref: _, ...rest } = schema;
    return resolveRefs({ ...target, ...rest }, doc, [...seen, name]);
  }
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties') {
      copy.properties = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, resolveRefs(v, doc, seen)]),
      );
    } else if (key === 'items') copy.items = resolveRefs(value as JsonSchema, doc, seen);
    else if (key === 'anyOf' || key === 'oneOf')
      copy[key] = (value as JsonSchema[]).map((v) => resolveRefs(v, doc, seen));
    else copy[key] = value;
  }
  return copy;
}

function jsonContent(content: Record<string, { schema: JsonSchema }> | undefined): JsonSchema | undefined {
  return content?.['application/json']?.schema;
}

function creditsOf(operation: OpenApiOperation): number | string | undefined {
  const declared = operation['x-credits'];
  if (typeof declared === 'number' || typeof declared === 'string') return declared;
  const description = operation.description ?? '';
  const formula = CREDITS_FORMULA_SENTENCE.exec(description);
  if (formula) return formula[1];
  const sentence = CREDITS_SENTENCE.exec(description);
  if (!sentence) return undefined;
  return sentence[2] ? `${sentence[1]}${sentence[2]}` : Number(sentence[1]);
}

export function readOperations(doc: OpenApiDocument): SourceOperation[] {
  const operations: SourceOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      // The SDK covers the API under /v3; /health, /ready and /metrics are for operators, not clients.
      if (!operation?.operationId || !path.startsWith('/v3/')) continue;
      // A deprecated operation (the GET forms of the trade lists) has a current twin that does the same,
      // and the PHP SDK has none of them.
      if (operation.deprecated) continue;
      const success = Object.entries(operation.responses ?? {}).find(([status]) => status.startsWith('2'));
      const response = success && success[0] !== '204' ? jsonContent(success[1].content) : undefined;
      const body = jsonContent(operation.requestBody?.content);
      operations.push({
        operationId: operation.operationId,
        name: operation.operationId,
        method: method.toUpperCase() as SourceOperation['method'],
        path,
        tag: operation.tags?.[0] ?? 'Default',
        summary: operation.summary ?? operation.operationId,
        description: (operation.description ?? '')
          .replace(CREDITS_FORMULA_SENTENCE, '')
          .replace(CREDITS_SENTENCE, '')
          .trim(),
        parameters: (operation.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query')
          .map((p) => ({
            name: p.name,
            in: p.in as 'path' | 'query',
            required: p.required === true,
            description: p.description ?? p.schema.description,
            schema: resolveRefs(p.schema, doc),
          })),
        body: body && resolveRefs(body, doc),
        response: response && resolveRefs(response, doc),
        credits: creditsOf(operation),
      });
    }
  }
  return operations;
}
