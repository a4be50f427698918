// src/generated/<api>-api.ts: per API, the operation table and the class whose methods call it; and
// src/generated/apis.ts, the `api()` object with one accessor per API.

import { boundsText } from './bounds.js';
import type { MethodArgument, SdkApi, SdkMethod } from './methods.js';
import { signatureArgs } from './methods.js';
import type { RuntimeSchemas } from './runtime-schemas.js';
import { camel, jsDoc, kebab } from './text.js';

export const apiFile = (api: SdkApi) => `${kebab(api.name)}-api`;

export function creditsText(credits: number | string | undefined): string | undefined {
  if (credits === undefined) return undefined;
  if (typeof credits === 'number') return `${credits} credit${credits === 1 ? '' : 's'} per API call.`;
  return `Credits per API call: ${credits}.`;
}

function argumentDoc(arg: MethodArgument): string {
  const bounds = boundsText(arg.schema);
  return [arg.description, bounds && `(${bounds})`].filter(Boolean).join(' ');
}

/** Where the PHP SDK has several methods for this one: their names (the reference pairs each with its call). */
export function phpText(method: SdkMethod): string | undefined {
  if (!method.php) return undefined;
  const names = Object.keys(method.php).join(', ');
  return `It stands for the PHP SDK's ${names}: one method per request body there.`;
}

function operationEntry(method: SdkMethod, schemas: RuntimeSchemas): string {
  const o = method.operation;
  const parameters = method.args.map((arg) => {
    const description = arg.description === undefined ? '' : `, description: ${JSON.stringify(arg.description)}`;
    const schema = schemas.expression(arg.schema, 'schemas.');
    return `{ name: ${JSON.stringify(arg.name)}, in: '${arg.in}', required: ${arg.required}, schema: ${schema}${description} }`;
  });
  return `  ${method.name}: {
    operationId: ${JSON.stringify(o.operationId)},
    method: '${o.method}',
    path: ${JSON.stringify(o.path)},
    credits: ${JSON.stringify(o.credits)},
    summary: ${JSON.stringify(o.summary)},
    description: ${JSON.stringify(o.description)},
    parameters: [${parameters.join(', ')}],
  },\n`;
}

function classMethod(method: SdkMethod, table: string): string {
  const o = method.operation;
  const doc = jsDoc(
    [
      `${o.summary}. ${creditsText(o.credits) ?? ''}`,
      o.description,
      phpText(method),
      `\`${o.method} ${o.path}\``,
      [
        ...method.args.map((arg) => `@param ${arg.name} ${argumentDoc(arg)}`),
        '@param options Timeout, retries and Idempotency-Key of this call.',
      ].join('\n'),
    ],
    '  ',
  );
  const args = [...signatureArgs(method), 'options?: CallOptions'].join(', ');
  const values = method.args.map((a) => a.name).join(', ');
  return `${doc}  ${method.name}(${args}): Promise<${method.returns}> {
    return this.caller.call<${method.returns}>(${table}.${method.name}, [${values}], options);
  }\n`;
}

/** The model names a piece of generated code mentions. */
function modelsIn(code: string, modelNames: Iterable<string>): string[] {
  return [...modelNames].filter((name) => new RegExp(`\\b${name}\\b`).test(code)).sort();
}

export function emitApi(api: SdkApi, schemas: RuntimeSchemas, modelNames: string[], header: string): string {
  const table = `${camel(api.name)}Operations`;
  const entries = api.methods.map((m) => operationEntry(m, schemas)).join('');
  const usesSchemas = entries.includes('schemas.');
  const methods = api.methods.map((m) => classMethod(m, table)).join('\n');
  const types = modelsIn(methods.replace(/\/\*\*[\s\S]*?\*\//g, ''), modelNames);
  return `${header}
import { ApiBase } from '../caller.js';
import type { CallOptions } from '../config.js';
import type { Operation } from '../operation.js';
${types.length > 0 ? `import type { ${types.join(', ')} } from './models.js';\n` : ''}${usesSchemas ? `import * as schemas from './schemas.js';\n` : ''}
/** What the server's OpenAPI document says about each ${api.className} operation. */
export const ${table} = {
${entries}} satisfies Record<string, Operation>;

/**
 * ${api.className}: \`sdk.mainnet().api().${api.name}()\` or \`sdk.testnet().api().${api.name}()\`.
 * Reference: docs/sdk/${api.className}.md
 */
export class ${api.className} extends ApiBase {
${methods}}
`;
}

export function emitApis(apis: SdkApi[], header: string): string {
  const imports = apis
    .map((api) => `import { ${api.className}, ${camel(api.name)}Operations } from './${apiFile(api)}.js';`)
    .join('\n');
  const accessors = apis
    .map(
      (api) =>
        `  /** ${api.className}, docs/sdk/${api.className}.md */\n  ${api.name}(): ${api.className} {\n    return new ${api.className}(this.caller);\n  }\n`,
    )
    .join('\n');
  const tables = apis.map((api) => `  ${api.name}: ${camel(api.name)}Operations,`).join('\n');
  const classes = apis.map((api) => api.className).join(', ');
  return `${header}
import type { Caller } from '../caller.js';
${imports}

export { ${classes} };

/** The APIs one network caller reaches, as \`sdk.mainnet().api()\`. */
export class LedgerApis {
  constructor(private readonly caller: Caller) {}

${accessors}}

/** Every operation the SDK knows, by API: method, path, parameters with their bounds, credits. */
export const operations = {
${tables}
};
`;
}
