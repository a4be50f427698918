import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onPostgres } from '../helpers/database.js';
import { suiteTestApp } from '../helpers/test-app.js';

/** The value of one series in a Prometheus text exposition, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', (suite) => {
  const t = suiteTestApp(suite);
  const scrape = async () => {
    // No API key: Prometheus scrapes without one.
    const reply = await t.app.inject('/metrics');
    assert.equal(reply.statusCode, 200);
    assert.match(String(reply.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    return reply.body;
  };

  it('counts requests by route pattern, method and status, never by raw URL', async () => {
    const client = t.client();
    await client.get('/v3/ledger/customer/no-such-customer');
    await client.get('/v3/ledger/customer/another-unknown');
    await client.get('/no/such/route');
    const text = await scrape();
    assert.equal(
      sample(text, 'ledger_http_requests_total{method="GET",route="/v3/ledger/customer/:id",status_code="403"}'),
      2,
    );
    assert.equal(sample(text, 'ledger_http_requests_total{method="GET",route="unmatched",status_code="404"}'), 1);
    assert.doesNotMatch(text, /no-such-customer|another-unknown|\/no\/such\/route/);
  });

  it('keeps a latency histogram for the same labels', async () => {
    await t.client().get('/v3/ledger/customer?pageSize=1');
    const text = await scrape();
    const labels = 'method="GET",route="/v3/ledger/customer",status_code="200"';
    assert.equal(sample(text, `ledger_http_request_duration_seconds_count{${labels}}`), 1);
    assert.equal(sample(text, `ledger_http_request_duration_seconds_bucket{le="+Inf",${labels}}`), 1);
    assert.ok(sample(text, `ledger_http_request_duration_seconds_sum{${labels}}`)! > 0);
  });

  it("reports the database's connections in use and waiting", async () => {
    const text = await scrape();
    const database = onPostgres ? 'postgres' : 'pglite';
    const idle = sample(text, `ledger_db_pool_connections{database="${database}",state="idle"}`);
    const busy = sample(text, `ledger_db_pool_connections{database="${database}",state="busy"}`);
    assert.ok(idle !== undefined && busy !== undefined, text);
    if (!onPostgres) assert.equal(idle + busy, 1, 'PGlite is one connection');
    assert.equal(sample(text, `ledger_db_pool_waiting{database="${database}"}`), 0);
  });

  it('counts the payment groups and the payments sent in them', async () => {
    const client = t.client();
    const before = await scrape();
    const issuer = await client.post('/v3/ledger/virtualCurrency', {
      name: 'VC_METRICS',
      supply: '10',
      basePair: 'EUR',
    });
    const recipient = await client.post('/v3/ledger/account', { currency: 'VC_METRICS' });
    const payment = { senderAccountId: issuer.body.id, recipientAccountId: recipient.body.id, amount: '1' };
    for (let i = 0; i < 3; i++) assert.equal((await client.post('/v3/ledger/transaction', payment)).status, 200);
    const after = await scrape();
    const grew = (series: string) => sample(after, series)! - (sample(before, series) ?? 0);
    assert.equal(grew('ledger_payment_groups_total'), 3, 'one after another, each payment is a group');
    assert.equal(grew('ledger_payment_group_units_total'), 3);
  });

  it('takes counters from other plugins through app.metrics', async () => {
    const charged = t.app.metrics.counter('test_things_total', 'Things', ['network']);
    assert.equal(t.app.metrics.counter('test_things_total', 'Things', ['network']), charged, 'the same counter');
    charged.inc({ network: 'testnet' }, 3);
    assert.equal(sample(await scrape(), 'test_things_total{network="testnet"}'), 3);
    assert.throws(() => t.app.metrics.gauge('test_things_total', 'Things'), /exists already as another kind/);
  });
});
