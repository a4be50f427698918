import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressReporter } from '../../src/cli/commands/import-progress.js';
import { retryAfterMs } from '../../src/domain/import/source-client.js';
import { sameAmount } from '../../src/domain/import/verify.js';
import { startTestCli } from '../cli/test-cli.js';

describe('import parts', () => {
  it('reads Retry-After as seconds or as an HTTP date, and nothing else', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    assert.equal(retryAfterMs('3', now), 3000);
    assert.equal(retryAfterMs(' 0 ', now), 0);
    assert.equal(retryAfterMs('Mon, 30 Nov 2026 12:00:05 GMT', now), 5000);
    assert.equal(retryAfterMs('Mon, 30 Nov 2026 11:59:00 GMT', now), 0, 'a date gone by: no wait');
    assert.equal(retryAfterMs(null, now), undefined);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs('', now), undefined);
  });

  it('compares amounts by value, not by spelling', () => {
    assert.ok(sameAmount('10.500', '10.5'));
    assert.ok(sameAmount('0.0', '0'));
    assert.ok(sameAmount('-0.10', '-0.1'));
    assert.ok(sameAmount('+7', '7'));
    assert.ok(sameAmount('007.2', '7.2'));
    assert.ok(!sameAmount('10.5', '10.05'));
    assert.ok(!sameAmount('-1', '1'));
    assert.ok(!sameAmount('100', '10'));
  });

  it('shows one line per finished stage in a log, and a line rewritten in place on a terminal', () => {
    let clock = 0;
    const log = { text: '', write: (t: string) => void (log.text += t) };
    const shown = progressReporter(log, () => clock);
    shown.progress({ stage: 'customers', written: 0 });
    clock = 1000;
    shown.progress({ stage: 'customers', written: 50 });
    clock = 2000;
    shown.progress({ stage: 'customers', written: 100 });
    shown.progress({ stage: 'accounts', written: 0, total: 200 });
    clock = 4000;
    shown.progress({ stage: 'accounts', written: 200, total: 200 });
    shown.progress({ stage: 'done', written: 0 });
    assert.equal(log.text, 'customers: 100 written · 50/s · 2 s\naccounts: 200 of 200 written · 100/s · 2 s\n');

    clock = 0;
    const terminal = { text: '', isTTY: true, write: (t: string) => void (terminal.text += t) };
    const live = progressReporter(terminal, () => clock);
    live.progress({ stage: 'transactions', written: 0, total: 1000 });
    clock = 1000;
    live.progress({ stage: 'transactions', written: 250, total: 1000 });
    assert.equal(terminal.text, '\r\x1b[2Ktransactions: 250 of 1,000 written · 250/s · 3 s left');
    live.note('the source asked to slow down (429): waiting 1.0 s');
    assert.ok(terminal.text.endsWith('\r\x1b[2Kthe source asked to slow down (429): waiting 1.0 s\n'));
  });

  it('refuses a usage mistake with exit code 2, before it reads or writes anything', async (context) => {
    const cli = await startTestCli();
    context.after(() => cli.close());
    const base = ['import', '--tenant', 'nobody', '--network', 'testnet'];
    const cases: [string[], RegExp][] = [
      [[...base, '--from-key', 'k'], /--from is required/],
      [[...base, '--from', 'api.tatum.io', '--from-key', 'k'], /--from must be the source's base URL/],
      [[...base, '--from', 'ftp://x.example', '--from-key', 'k'], /--from must be an http\(s\) URL/],
      [[...base, '--from', 'https://x.example'], /--from-key \(or LEDGER_IMPORT_FROM_KEY\) is required/],
      [
        [...base, '--from', 'https://x.example', '--from-key', 'k', '--max-rps', '0'],
        /--max-rps must be a number above 0/,
      ],
      [[...base, '--from', 'https://x.example', '--from-key', 'k', '--max-rps', 'fast'], /--max-rps must be/],
      [
        ['import', '--from', 'https://x.example', '--from-key', 'k', '--tenant', 't', '--network', 'devnet'],
        /--network must be mainnet or testnet/,
      ],
    ];
    for (const [argv, message] of cases) {
      const run = await cli.run(...argv);
      assert.equal(run.code, 2, argv.join(' '));
      assert.match(run.stderr, message);
    }
    assert.equal(cli.opens, 0, 'no database was opened');
  });
});
