import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { destinationGuard } from '../../src/domain/webhooks/destination.js';
import { MAX_TRIES, retryDelayMs } from '../../src/domain/webhooks/retry-schedule.js';

// docs/decisions/0032-webhook-destinations.md and 0030-webhook-outbox.md.
describe('webhook destinations', () => {
  const guard = destinationGuard({ allowPrivate: false });

  it('refuses every address that is not public unicast, however it is written', () => {
    for (const host of [
      '127.0.0.1',
      '127.255.255.254',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '[::1]',
      '[::]',
      '[::ffff:7f00:1]',
      '[::ffff:a9fe:a9fe]',
      '[fd00:ec2::254]',
      '[fe80::1]',
      '[64:ff9b::a00:1]',
    ])
      assert.match(guard.refusesHost(host) ?? 'allowed', /is not a public address/, host);
  });

  it('lets public addresses and names through to the lookup', () => {
    for (const host of ['93.184.215.14', '172.32.0.1', '11.0.0.1', '[2606:4700::1111]', 'example.com'])
      assert.equal(guard.refusesHost(host), undefined, host);
  });

  it('allows everything when the operator says so', () => {
    const open = destinationGuard({ allowPrivate: true });
    assert.equal(open.refusesHost('127.0.0.1'), undefined);
    assert.equal(open.lookup, undefined);
  });

  it('refuses a name that resolves to loopback when the connection looks it up', async () => {
    const error = await new Promise<Error | null>((resolve) =>
      guard.lookup!('localhost', { all: true }, (err) => resolve(err)),
    );
    assert.match(String(error?.message), /^localhost resolves to (127\.0\.0\.1|::1), not a public address/);
  });
});

describe('webhook retry schedule', () => {
  it('retries 9 times, 15·2.7925^(n−1) s after each failure, the last about 24 h after the first try', () => {
    const delays = Array.from({ length: MAX_TRIES }, (_, i) => retryDelayMs(i + 1));
    assert.deepEqual(
      delays.map((ms) => (ms === undefined ? undefined : Math.round(ms / 1000))),
      [15, 42, 117, 327, 912, 2547, 7113, 19863, 55467, undefined],
    );
    const total = delays.reduce<number>((sum, ms) => sum + (ms ?? 0), 0);
    assert.equal(Math.round(total / 1000), 86_403);
  });
});
