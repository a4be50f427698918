import { OPERATION_EXAMPLES } from './operation-examples.js';

/**
 * One call as this server answered it, recorded by scripts/reference-examples.ts while the SDK's
 * examples ran against it: what the client sent and what came back.
 */
export interface RecordedExchange {
  method: string;
  /** The route, in OpenAPI's form: `/v3/ledger/account/{id}`. */
  path: string;
  params: Record<string, string>;
  /** The query parameters the client sent, as the route's schema reads them. */
  query: Record<string, unknown>;
  body?: unknown;
  status: number;
  /** The answer's JSON; absent for an empty answer (204). */
  response?: unknown;
  /** The answer's text, when it is not JSON (the Prometheus metrics). */
  responseText?: string;
}

/** Redoc's `x-codeSamples` item: `lang` picks the highlighting, `label` names the client. */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export interface OperationExample {
  exchange: RecordedExchange;
  samples: CodeSample[];
}

type Json = Record<string, any>;

/**
 * Each operation's recorded exchange as its examples (the request body's, each parameter's, the
 * answer's) and its code samples as `x-codeSamples`, by operationId. Examples sit on the media types
 * and parameters, never in the schemas, so validation and the generated SDK's types do not see them.
 */
export function withExamples<T>(doc: T, examples: Record<string, OperationExample> = OPERATION_EXAMPLES): T {
  const paths = (doc as Json).paths as Record<string, Record<string, Json>>;
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      const example = examples[operation.operationId];
      if (!example) continue;
      const { exchange, samples } = example;
      for (const parameter of operation.parameters ?? []) {
        const value = parameter.in === 'path' ? exchange.params[parameter.name] : exchange.query[parameter.name];
        if (value !== undefined) parameter.example = value;
      }
      const body = operation.requestBody?.content?.['application/json'];
      if (body && exchange.body !== undefined) body.example = exchange.body;
      const answer = operation.responses?.[String(exchange.status)]?.content;
      const media = answer && (answer['application/json'] ?? Object.values(answer)[0]);
      if (media && exchange.response !== undefined) media.example = exchange.response;
      else if (media && exchange.responseText !== undefined) media.example = exchange.responseText;
      operation['x-codeSamples'] = samples;
    }
  }
  return doc;
}
