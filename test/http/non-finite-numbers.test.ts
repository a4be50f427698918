import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccountIn, createVirtualCurrency } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';

// JSON parses 1e999 as Infinity (and -1e999 as -Infinity). A number field must refuse it as it refuses
// any other non-number, with 400 validation.failed naming the field, before anything is stored.

describe('numbers that are not finite', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  /** Sends the JSON text as it is, so that 1e999 reaches the server unrounded. */
  const sendRaw = (method: 'POST' | 'PUT', url: string, json: string) =>
    api.request({ method, url, payload: json, headers: { 'content-type': 'application/json' } });

  function assertRefusedNumber(reply: { status: number; body: any }, property: string) {
    assert.equal(reply.status, 400, JSON.stringify(reply.body));
    assert.equal(reply.body.errorCode, 'validation.failed');
    const item = reply.body.data.find((candidate: { property: string }) => candidate.property === property);
    assert.ok(item, JSON.stringify(reply.body.data));
    assert.equal(typeof item.constraints.isNumber, 'string');
  }

  it('refuses 1e999 as the rate of a new virtual currency, and creates nothing', async () => {
    const name = `VC_INF${process.pid}`;
    const reply = await sendRaw(
      'POST',
      '/v3/ledger/virtualCurrency',
      `{"name":"${name}","supply":"10","basePair":"EUR","baseRate":1e999}`,
    );
    assertRefusedNumber(reply, 'baseRate');
    assert.equal((await api.get(`/v3/ledger/virtualCurrency/${name}`)).body.errorCode, 'vc.not.found');
  });

  it('refuses 1e999 as a new rate and as a payment rate, and every market value stays finite', async () => {
    const { name, issuerId } = await createVirtualCurrency(api, '100');
    const update = await sendRaw('PUT', '/v3/ledger/virtualCurrency', `{"name":"${name}","baseRate":1e999}`);
    assertRefusedNumber(update, 'baseRate');
    assert.equal((await api.get(`/v3/ledger/virtualCurrency/${name}`)).body.baseRate, 1);

    const { accountId } = await createAccountIn(api, name);
    const payment = await sendRaw(
      'POST',
      '/v3/ledger/transaction',
      `{"senderAccountId":"${issuerId}","recipientAccountId":"${accountId}","amount":"1","baseRate":-1e999}`,
    );
    assertRefusedNumber(payment, 'baseRate');
    const found = await api.post('/v3/ledger/transaction/ledger', { currencies: [name] });
    assert.equal(found.status, 200);
    for (const record of found.body) assert.match(record.marketValue.amount, /^-?\d+(\.\d+)?$/);
  });

  it('still takes a large finite rate', async () => {
    const { name } = await createVirtualCurrency(api, '1');
    const update = await sendRaw('PUT', '/v3/ledger/virtualCurrency', `{"name":"${name}","baseRate":1e20}`);
    assert.equal(update.status, 204, JSON.stringify(update.body));
  });
});
