import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import * as client from '@tatumio/api-client';
import { API_CLIENT_CALLS } from '../scripts/reference/api-client-calls.js';

// The reference's @tatumio/api-client samples (scripts/reference/code-samples.ts) call each operation
// as API_CLIENT_CALLS says: held here to the installed client, that the method is where the table puts
// it and takes its arguments in the table's order.

const SERVICES = join(dirname(createRequire(import.meta.url).resolve('@tatumio/api-client')), 'generated', 'services');

/** The parameter names of `static name(…)` in a generated service's declarations, in order. */
async function parameterNames(service: string, method: string): Promise<string[]> {
  const text = await readFile(join(SERVICES, `${service}.d.ts`), 'utf8');
  const start = text.indexOf(`static ${method}(`);
  assert.ok(start >= 0, `${service}.${method} is declared`);
  let depth = 0;
  let list = '';
  for (const char of text.slice(start + `static ${method}`.length)) {
    if ('({<['.includes(char)) depth += 1;
    if (')}>]'.includes(char)) depth -= 1;
    if (depth === 0) break;
    list += char;
  }
  // Top-level commas only: an inline body type holds commas of its own.
  const names: string[] = [];
  let level = 0;
  let current = '';
  for (const char of list.slice(1)) {
    if ('({<['.includes(char)) level += 1;
    if (')}>]'.includes(char)) level -= 1;
    if (char === ',' && level === 0) {
      names.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim()) names.push(current);
  return names.map((parameter) => parameter.trim().split(/\??:/)[0]!.trim());
}

describe('the reference’s @tatumio/api-client calls', () => {
  it('name a static method where TatumApi (or the package) has it, with the arguments in its order', async () => {
    delete process.env.TATUM_API_URL;
    const tatum = client.TatumApi('test_key', 'http://127.0.0.1:1') as unknown as Record<string, unknown>;
    const wrong: string[] = [];
    for (const [operationId, call] of Object.entries(API_CLIENT_CALLS)) {
      const holder = call.service
        ? (client as unknown as Record<string, unknown>)[call.service]
        : call.under!.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], tatum);
      const service = holder as { name: string } & Record<string, unknown>;
      assert.equal(typeof service[operationId], 'function', `${call.service ?? call.under}.${operationId}`);
      const names = await parameterNames(service.name, operationId);
      if (names.join() !== call.args.join()) wrong.push(`${operationId}(${names.join(', ')})`);
    }
    assert.deepEqual(wrong, []);
  });
});
