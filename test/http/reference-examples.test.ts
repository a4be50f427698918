import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { examplesFileText, renderExamples } from '../../scripts/reference-examples.js';
import { API_CLIENT_CALLS } from '../../scripts/reference/api-client-calls.js';
import { ERRORS } from '../../src/contract/errors.js';
import { OPERATION_EXAMPLES } from '../../src/http/reference/operation-examples.js';
import { operationsOf } from '../helpers/openapi-diff.js';
import { suiteTestApp } from '../helpers/test-app.js';
import { readFile } from 'node:fs/promises';

// The reference's examples are calls recorded against this server (scripts/reference-examples.ts);
// the schemas may have changed since. Each must still be what its operation takes and answers, as the
// document states it, and each operation must say which error codes it answers with.

const ajv = new Ajv({ allErrors: true, strict: false });

function problems(schema: object, value: unknown): string[] {
  const validate = ajv.compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

describe('the reference: examples, code samples and error codes', (suite) => {
  const t = suiteTestApp(suite);
  let doc: any;
  let operations: ReturnType<typeof operationsOf>;
  before(async () => {
    doc = (await t.client(undefined).get('/openapi.json')).body;
    operations = operationsOf(doc);
  });

  it('has a recorded call for every operation, and nothing for an operation that is gone', () => {
    assert.deepEqual(Object.keys(OPERATION_EXAMPLES).sort(), [...operations.keys()].sort());
  });

  it('matches each example to its schema: parameters, request body and answer', () => {
    const failures: string[] = [];
    for (const { operationId, method, path, op } of operations.values()) {
      const { exchange } = OPERATION_EXAMPLES[operationId]!;
      assert.equal(`${exchange.method} ${exchange.path}`, `${method} ${path}`, operationId);
      const report = (where: string, found: string[]) =>
        failures.push(...found.map((problem) => `${operationId} ${where}: ${problem}`));
      for (const parameter of op.parameters ?? []) {
        const value = parameter.in === 'path' ? exchange.params[parameter.name] : exchange.query[parameter.name];
        assert.deepEqual(parameter.example, value, `${operationId} ${parameter.name} shows the recorded value`);
        if (value !== undefined) report(`${parameter.in}.${parameter.name}`, problems(parameter.schema, value));
        else if (parameter.required) failures.push(`${operationId}: the recorded call has no ${parameter.name}`);
      }
      for (const name of Object.keys(exchange.query)) {
        if (!op.parameters?.some((p: any) => p.in === 'query' && p.name === name))
          failures.push(`${operationId}: query.${name} is no parameter`);
      }
      const body = op.requestBody?.content?.['application/json'];
      if (exchange.body !== undefined) {
        assert.ok(body, `${operationId} takes a body`);
        assert.deepEqual(body.example, exchange.body);
        report('body', problems(body.schema, exchange.body));
      }
      const answer = op.responses[String(exchange.status)];
      assert.ok(answer, `${operationId} declares ${exchange.status}`);
      if (exchange.response !== undefined) {
        const media = answer.content['application/json'];
        assert.deepEqual(media.example, exchange.response);
        report(`response.${exchange.status}`, problems(media.schema, exchange.response));
      }
    }
    assert.deepEqual(failures, []);
  });

  it('shows curl for every operation and each client that has it', () => {
    for (const { operationId, path, op } of operations.values()) {
      const labels = (op['x-codeSamples'] ?? []).map((sample: { label: string }) => sample.label);
      const sdk = path.startsWith('/v3/') && !op.deprecated;
      const expected = [
        'curl',
        ...(API_CLIENT_CALLS[operationId] ? ['@tatumio/api-client'] : []),
        ...(sdk ? ['PHP (tatum-php)', 'tatum-ledger-sdk'] : []),
      ];
      assert.deepEqual(labels, expected, operationId);
      for (const sample of op['x-codeSamples']) assert.doesNotMatch(sample.source, /undefined\)|\$\{/, operationId);
    }
  });

  it('writes the samples as the generator does now (npx tsx scripts/reference-examples.ts)', async () => {
    const stored = new Map(Object.entries(OPERATION_EXAMPLES).map(([id, example]) => [id, example.exchange]));
    const expected = await examplesFileText(renderExamples(doc, stored));
    assert.equal(await readFile('src/http/reference/operation-examples.ts', 'utf8'), expected);
  });

  it('lists, per status, the error codes and messages of the registry', () => {
    const registry = new Set(Object.values(ERRORS).map((e) => `${e.status} ${e.errorCode} ${e.message}`));
    for (const { operationId, path, op } of operations.values()) {
      const listed: { status: number; errorCode: string; message: string }[] = op['x-error-codes'];
      assert.ok(listed.length > 0, operationId);
      for (const refusal of listed) {
        assert.ok(registry.has(`${refusal.status} ${refusal.errorCode} ${refusal.message}`), operationId);
        const response = op.responses[String(refusal.status)];
        assert.ok(response, `${operationId} declares ${refusal.status}`);
        assert.ok(response.description.includes(`\`${refusal.errorCode}\``), `${operationId} ${refusal.errorCode}`);
      }
      if (path.startsWith('/v3/')) {
        const codes = listed.map((r) => r.errorCode);
        for (const code of ['subscription.invalid', 'rate.limit.exceeded', 'internal.error'])
          assert.ok(codes.includes(code), `${operationId} lists ${code}`);
      }
    }
    const account = operations.get('getAccountByAccountId')!.op;
    assert.ok(account['x-error-codes'].some((r: { errorCode: string }) => r.errorCode === 'account.not.exists'));
    assert.deepEqual(operations.get('sendTransaction')!.op.responses['429'].headers['retry-after'].schema, {
      type: 'integer',
      minimum: 1,
    });
  });

  // The lists are declared by hand beside each route; this holds them to what the server answers. Each
  // recorded call, sent again to a ledger that has none of the ids it names, is refused (or not) with a
  // code its operation lists.
  it('lists the code each recorded call gets from an empty ledger', async () => {
    const tenant = await t.newTenant();
    const client = t.client(tenant.testnet);
    const unlisted: string[] = [];
    for (const [operationId, { exchange }] of Object.entries(OPERATION_EXAMPLES)) {
      if (['freezeApiKey', 'unfreezeApiKey'].includes(operationId)) continue;
      const path = exchange.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(exchange.params[name]!));
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(exchange.query))
        for (const v of [value].flat()) search.append(name, String(v));
      const reply = await client.request({
        method: exchange.method as 'GET',
        url: `${path}${search.size > 0 ? `?${search}` : ''}`,
        ...(exchange.body === undefined ? {} : { payload: exchange.body as object }),
      });
      if (reply.status < 400) continue;
      const listed = operations.get(operationId)!.op['x-error-codes'].map((r: { errorCode: string }) => r.errorCode);
      if (!listed.includes(reply.body.errorCode))
        unlisted.push(`${operationId}: ${reply.status} ${reply.body.errorCode}`);
    }
    assert.deepEqual(unlisted, []);
  });
});
