import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { API_EXTENSIONS, type ApiExtension } from '../../src/contract/extensions.js';
import { compareOperation, describeDifference, operationsOf, type Difference } from '../helpers/openapi-diff.js';
import { suiteTestApp } from '../helpers/test-app.js';

// Tatum's own OpenAPI document, its ledger part (see test/fixtures/README.md for where it comes from).
const TATUM = JSON.parse(readFileSync(new URL('../fixtures/tatum-ledger-openapi.json', import.meta.url), 'utf8'));

/**
 * Tatum's ledger operations this server does not serve yet. The test expects exactly these to be
 * missing, so a route that lands must take its operationId off this list.
 */
const NOT_YET_SERVED: readonly string[] = [];

/** The fixture's paths: the ledger, deposit addresses, withdrawals, notification subscriptions, the order book. */
const LEDGER_PATH = /^\/v3\/(ledger|offchain\/(account|withdrawal)|subscription|trade)(\/|$)/;

/**
 * Our operations matched with Tatum's by operationId, regardless of case (Tatum's document spells one
 * `GetWithdrawals`, which its generated clients call getWithdrawals). A different spelling, and an
 * operation Tatum does not have, are differences like any other: an extension must say why.
 */
function compareWithTatum(ours: any, served: readonly string[]): Difference[] {
  const tatumIds = new Map([...operationsOf(TATUM).keys()].map((id) => [id.toLowerCase(), id]));
  const oursOps = operationsOf(ours);
  return served.flatMap((id): Difference[] => {
    const tatumId = tatumIds.get(id.toLowerCase());
    if (tatumId === undefined) {
      const { method, path } = oursOps.get(id)!;
      return [{ operationId: id, at: 'operation', kind: 'operation-extra', ours: `${method} ${path}` }];
    }
    if (tatumId === id) return compareOperation(ours, TATUM, id);
    const renamed = structuredClone(TATUM);
    const { method, path } = operationsOf(TATUM).get(tatumId)!;
    renamed.paths[path][method.toLowerCase()].operationId = id;
    return [
      { operationId: id, at: 'operationId', kind: 'operationId', ours: id, tatum: tatumId },
      ...compareOperation(ours, renamed, id),
    ];
  });
}

function matchesGlob(pattern: string, text: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(text);
}

function covers(extension: ApiExtension, difference: Difference): boolean {
  if (!extension.kinds.includes(difference.kind)) return false;
  if (!extension.at.some((pattern) => matchesGlob(pattern, difference.at))) return false;
  if (extension.operations && !extension.operations.includes(difference.operationId)) return false;
  if (extension.values) {
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    if (!same(extension.values.ours, difference.ours) || !same(extension.values.tatum, difference.tatum)) return false;
  }
  return true;
}

const sorted = (values: Iterable<string>) => [...values].sort();

describe("GET /openapi.json against Tatum's document", (suite) => {
  const t = suiteTestApp(suite);
  let ours: any;
  let served: string[];
  let differences: Difference[];
  before(async () => {
    const reply = await t.client(undefined).get('/openapi.json');
    assert.equal(reply.status, 200);
    ours = reply.body;
    served = [...operationsOf(ours).values()].filter((op) => LEDGER_PATH.test(op.path)).map((op) => op.operationId);
    differences = compareWithTatum(ours, served);
  });

  it('serves every ledger operation of Tatum but those NOT_YET_SERVED', () => {
    const servedIds = served.map((id) => id.toLowerCase());
    assert.deepEqual(
      sorted([...operationsOf(TATUM).keys()].filter((id) => !servedIds.includes(id.toLowerCase()))),
      sorted(NOT_YET_SERVED),
      'the operations not served must be exactly NOT_YET_SERVED: edit the list as routes land',
    );
  });

  it('differs from Tatum only where src/contract/extensions.ts says why', () => {
    const unexplained = differences.filter((d) => !API_EXTENSIONS.some((extension) => covers(extension, d)));
    assert.deepEqual(unexplained.map(describeDifference), []);
  });

  it('keeps no extension that covers no difference any more', () => {
    const idle = API_EXTENSIONS.filter((extension) => !differences.some((d) => covers(extension, d)));
    assert.deepEqual(
      idle.map((extension) => extension.reason),
      [],
    );
  });

  it('lists the extensions in the reference', () => {
    for (const extension of API_EXTENSIONS) assert.ok(ours.info.description.includes(extension.reason));
  });
});

// The comparison must see what it is meant to see, or the tests above prove nothing.
describe('the OpenAPI comparison', () => {
  const clone = () => structuredClone(TATUM);
  const diff = (doc: any, operationId: string) => compareOperation(doc, TATUM, operationId).map(describeDifference);

  it("finds no difference between Tatum's document and itself", () => {
    for (const id of operationsOf(TATUM).keys()) assert.deepEqual(diff(TATUM, id), [], id);
  });

  it('sees a changed bound, a required flag, an enum and a route', () => {
    const doc = clone();
    const list = doc.paths['/v3/ledger/customer'].get;
    list.parameters.find((p: any) => p.name === 'pageSize').schema.maximum = 100;
    list.parameters.find((p: any) => p.name === 'offset').required = true;
    doc.components.schemas.CountryCode.enum.pop();
    doc.paths['/v3/ledger/customers'] = doc.paths['/v3/ledger/customer'];
    delete doc.paths['/v3/ledger/customer'];
    assert.deepEqual(diff(doc, 'findAllCustomers'), [
      'findAllCustomers route: route (ours "GET /v3/ledger/customers", Tatum "GET /v3/ledger/customer")',
      'findAllCustomers query.offset: required-extra',
      'findAllCustomers query.pageSize: maximum (ours 100, Tatum 50)',
    ]);
    assert.deepEqual(diff(doc, 'updateCustomer'), [
      'updateCustomer body.customerCountry: enum (ours "+[]", Tatum "-[\\"ZW\\"]")',
      'updateCustomer body.providerCountry: enum (ours "+[]", Tatum "-[\\"ZW\\"]")',
    ]);
  });

  it('sees an operation Tatum lacks and an operationId spelled otherwise', () => {
    const doc = clone();
    doc.paths['/v3/offchain/withdrawal'].get.operationId = 'getWithdrawals';
    doc.paths['/v3/ledger/deposits'].post = { operationId: 'reportDeposit', responses: {} };
    assert.deepEqual(compareWithTatum(doc, ['getWithdrawals', 'reportDeposit']).map(describeDifference), [
      'getWithdrawals operationId: operationId (ours "getWithdrawals", Tatum "GetWithdrawals")',
      'reportDeposit operation: operation-extra (ours "POST /v3/ledger/deposits", Tatum undefined)',
    ]);
  });

  it('sees properties and responses added, removed, nullable or no longer required', () => {
    const doc = clone();
    const customer = doc.components.schemas.Customer;
    delete customer.properties.providerCountry;
    customer.properties.nickname = { type: 'string' };
    customer.required = customer.required.filter((name: string) => name !== 'enabled');
    customer.properties.id = { anyOf: [{ type: 'string' }, { type: 'null' }] };
    delete doc.paths['/v3/ledger/customer/{id}'].get.responses['500'];
    assert.deepEqual(diff(doc, 'getCustomerByExternalOrInternalId'), [
      'getCustomerByExternalOrInternalId response.200.enabled: required-missing',
      'getCustomerByExternalOrInternalId response.200.id: nullable',
      'getCustomerByExternalOrInternalId response.200.nickname: property-extra',
      'getCustomerByExternalOrInternalId response.200.providerCountry: property-missing',
      'getCustomerByExternalOrInternalId response.500: status-missing',
    ]);
  });
});
