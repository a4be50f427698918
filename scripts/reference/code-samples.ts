// The reference's code samples (`x-codeSamples`): one recorded call written for each client users have,
// with the values that call sent. curl for every operation; @tatumio/api-client where it has the
// operation (API_CLIENT_CALLS); the Tatum PHP SDK and this server's SDK for every SDK method, which
// names its methods, arguments and models as the PHP SDK does (packages/sdk/codegen/names.ts).

import type { SdkMethod } from '../../packages/sdk/codegen/methods.js';
import type { Models } from '../../packages/sdk/codegen/models.js';
import type { JsonSchema } from '../../packages/sdk/codegen/openapi.js';
import { isIdentifier, pascal } from '../../packages/sdk/codegen/text.js';
import type { CodeSample, RecordedExchange } from '../../src/http/reference/examples.js';
import { API_CLIENT_CALLS } from './api-client-calls.js';

const BASE_URL = 'http://127.0.0.1:3000';
const TESTNET_KEY = 'test_…';

/** What the samples need to know of one operation besides its recorded call. */
export interface SampleSubject {
  operationId: string;
  exchange: RecordedExchange;
  /** Whether the route takes the API key (everything under /v3). */
  keyed: boolean;
  /** The SDK's methods for the operation: one, or several where the PHP SDK splits it (storeTrade). */
  sdkMethods: readonly SdkMethod[];
  models: Models;
}

// ---- values as each language writes them

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A value as a JavaScript literal, objects across lines as Prettier would write them. */
function js(value: unknown, indent = ''): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? quote(value) : String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => item === null || typeof item !== 'object'))
      return `[${value.map((v) => js(v)).join(', ')}]`;
    return `[\n${value.map((item) => `${inner}${js(item, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const key = (name: string) => (isIdentifier(name) ? name : quote(name));
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${js(v, inner)},`).join('\n')}\n${indent}}`;
}

/** The arguments of a call, trailing absent ones left out and those before them `undefined`. */
function argumentList(values: unknown[], render: (value: unknown) => string, absent: string): string {
  let last = values.length;
  while (last > 0 && values[last - 1] === undefined) last -= 1;
  return values
    .slice(0, last)
    .map((value) => (value === undefined ? absent : render(value)))
    .join(', ');
}

const argumentValue = (exchange: RecordedExchange, name: string, bodyName: string) =>
  name === bodyName ? exchange.body : (exchange.params[name] ?? exchange.query[name]);

// ---- curl

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function queryString(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of [value].flat()) search.append(name, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function curlSample({ exchange, keyed }: Pick<SampleSubject, 'exchange' | 'keyed'>): CodeSample {
  const path = exchange.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(exchange.params[name]!));
  const lines = [`curl -X ${exchange.method} ${shellQuote(`${BASE_URL}${path}${queryString(exchange.query)}`)}`];
  if (keyed) lines.push(`-H 'x-api-key: ${TESTNET_KEY}'`);
  if (exchange.body !== undefined) {
    lines.push(`-H 'Content-Type: application/json'`, `-d ${shellQuote(JSON.stringify(exchange.body, null, 2))}`);
  }
  return { lang: 'shell', label: 'curl', source: lines.join(' \\\n  ') };
}

// ---- @tatumio/api-client

export function apiClientSample({ operationId, exchange }: Pick<SampleSubject, 'operationId' | 'exchange'>) {
  const call = API_CLIENT_CALLS[operationId];
  if (!call) return undefined;
  const args = argumentList(
    call.args.map((name) => argumentValue(exchange, name, 'requestBody')),
    (value) => js(value),
    'undefined',
  );
  const invocation = `${operationId}(${args})`;
  const result = exchange.response === undefined ? 'await' : 'const result = await';
  const lines = call.service
    ? [
        `import { ${call.service}, TatumApi } from '@tatumio/api-client';`,
        '',
        `// TatumApi sets the client's URL and key, which ${call.service} (outside its tree) reads too.`,
        `TatumApi('${TESTNET_KEY}', '${BASE_URL}');`,
        '',
        `${result} ${call.service}.${invocation};`,
      ]
    : [
        `import { TatumApi } from '@tatumio/api-client';`,
        '',
        '// TATUM_API_URL, when set, wins over the URL given here.',
        `const tatum = TatumApi('${TESTNET_KEY}', '${BASE_URL}');`,
        '',
        `${result} tatum.${call.under!}.${invocation};`,
      ];
  return { lang: 'javascript', label: '@tatumio/api-client', source: lines.join('\n') };
}

// ---- this server's SDK

/** The SDK method a recorded call is: the only one, or the one whose body admits the call's `type`. */
function sdkMethodOf({ sdkMethods, exchange }: Pick<SampleSubject, 'sdkMethods' | 'exchange'>): SdkMethod | undefined {
  if (sdkMethods.length <= 1) return sdkMethods[0];
  const type = (exchange.body as { type?: unknown } | undefined)?.type;
  return sdkMethods.find((m) => m.operation.body?.properties?.type?.enum?.includes(type)) ?? sdkMethods[0];
}

const bodyArgument = (method: SdkMethod) => method.args.find((arg) => arg.in === 'body')?.name ?? '';

export function sdkSample(subject: SampleSubject): CodeSample | undefined {
  const method = sdkMethodOf(subject);
  if (!method) return undefined;
  const values = method.args.map((arg) => argumentValue(subject.exchange, arg.name, bodyArgument(method)));
  const call = `sdk.testnet().api().${method.api}().${method.name}(${argumentList(values, (v) => js(v), 'undefined')})`;
  const source = [
    `import { LedgerSdk } from 'tatum-ledger-sdk';`,
    '',
    `const sdk = new LedgerSdk({ testnetApiKey: '${TESTNET_KEY}', baseUrl: '${BASE_URL}' });`,
    '',
    `${method.returns === 'void' ? 'await' : 'const result = await'} ${call};`,
  ].join('\n');
  return { lang: 'javascript', label: 'tatum-ledger-sdk', source };
}

// ---- the Tatum PHP SDK

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** The PHP SDK's method for the call: ours, or where it has one per body (createSubscription) that one. */
function phpMethodName(method: SdkMethod, body: unknown): string {
  if (!method.php) return method.name;
  const type = (body as { type?: unknown } | undefined)?.type;
  const named = Object.entries(method.php).find(([, ours]) => ours.includes(`type: '${String(type)}'`));
  return named ? named[0] : method.name;
}

const phpScalar = (value: unknown): string =>
  value === null ? 'null' : typeof value === 'string' ? quote(value) : String(value);

/**
 * A value as the PHP SDK takes it: an object is its model, built with setters (the model's name is ours,
 * which are Tatum's, or as the PHP SDK's generator names an inline object: its parent's name and the
 * property's); a list of objects a PHP array of models.
 */
function php(value: unknown, schema: JsonSchema | undefined, model: string, models: Models, indent: string): string {
  if (value === null || typeof value !== 'object') return phpScalar(value);
  const target = schema && (schema.anyOf ?? []).find((s) => s.type !== 'null');
  const own = target ?? schema;
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) return `[${value.map(phpScalar).join(', ')}]`;
    const itemModel = (own?.items && models.nameFor(own.items)) ?? `${model}Item`;
    return `[\n${value.map((item) => `${inner}${php(item, own?.items, itemModel, models, inner)},`).join('\n')}\n${indent}]`;
  }
  const setters = Object.entries(value).map(([name, field]) => {
    const fieldSchema = own?.properties?.[name];
    const fieldModel = (fieldSchema && models.nameFor(fieldSchema)) ?? `${model}${pascal(name)}`;
    return `\n${inner}->set${pascal(name)}(${php(field, fieldSchema, fieldModel, models, inner)})`;
  });
  return `(new \\Tatum\\Model\\${model}())${setters.join('')}`;
}

export function phpSample(subject: SampleSubject): CodeSample | undefined {
  const method = sdkMethodOf(subject);
  if (!method) return undefined;
  const { exchange, models } = subject;
  const phpMethod = phpMethodName(method, exchange.body);
  const lines = [
    '<?php',
    `$sdk = new \\Tatum\\Sdk('main_…', '${TESTNET_KEY}');`,
    `$sdk->testnet()->config()->setHost('${BASE_URL}');`,
    '',
  ];
  const values = method.args.map((arg) => {
    const value = argumentValue(exchange, arg.name, bodyArgument(method));
    if (value === undefined) return undefined;
    if (arg.in !== 'body') return phpScalar(value);
    // Where the PHP SDK has a method per body, its model is named as the method.
    const model = phpMethod === method.name ? arg.type : pascal(phpMethod);
    const variable = `$${snake(phpMethod === method.name ? arg.name : model.replace(/^./, (c) => c.toLowerCase()))}`;
    lines.push(`${variable} = ${php(value, arg.schema, model, models, '')};`, '');
    return variable;
  });
  const call = `$sdk->testnet()->api()->${method.api}()->${phpMethod}(${argumentList(values, (v) => String(v), 'null')})`;
  lines.push(`${method.returns === 'void' ? '' : '$result = '}${call};`);
  return { lang: 'php', label: 'PHP (tatum-php)', source: lines.join('\n') };
}

/** Every sample the operation has, in the order the reference shows them. */
export function codeSamples(subject: SampleSubject): CodeSample[] {
  return [curlSample(subject), apiClientSample(subject), phpSample(subject), sdkSample(subject)].filter(
    (sample): sample is CodeSample => sample !== undefined,
  );
}
