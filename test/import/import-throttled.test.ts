import type { FastifyInstance } from 'fastify';
import assert from 'node:assert/strict';
import { before, describe, it, type TestContext } from 'node:test';
import { startTestCli, tenantName } from '../cli/test-cli.js';
import { differences } from '../helpers/differences.js';
import {
  maxRequestsInAnyWindow,
  seededFaults,
  startFaultyHttpProxy,
  type FaultyHttpProxy,
  type FaultyProxyOptions,
  type ProxiedRequest,
} from '../helpers/faulty-http-proxy.js';
import { snapshotLedger, type LedgerSnapshot } from '../helpers/ledger-snapshot.js';
import { buildRichLedger } from '../helpers/rich-ledger.js';
import { clientFor, suiteTestApp, type LedgerClient } from '../helpers/test-app.js';

// `ledger import` (docs/decisions/0038-ledger-import.md) reads the source politely: at most --max-rps
// requests a second; a 429 waits as long as Retry-After says and halves the pace, which then creeps
// back up; a 5xx is tried again after a growing pause. Here a proxy between the import and a source
// server answers such faults, and its log of arrival times is what the pace is measured on.

type Fault = NonNullable<FaultyProxyOptions['fault']>;

interface ImportJson {
  import: { leftOutCount: number } | null;
  verification: { differenceCount: number };
  source: { requests: number; throttled: number; retried: number };
  exitCode: number;
}

/** A timer may fire a millisecond or two early, and two arrivals at the proxy are timed apart from the client's own clock. */
const TIMER_SLACK_MS = 5;

const count = (requests: ProxiedRequest[], ...statuses: number[]) =>
  requests.filter((r) => statuses.includes(r.status)).length;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The pace (requests a second) the client kept over up to `gaps` gaps: each from a request answered
 * 2xx to the next one. A gap after a fault is a pause for that fault, not the pace; the median keeps a
 * page that took long to write from passing for a slower pace.
 */
function paceOver(requests: ProxiedRequest[], starts: number[], gaps: number): number | undefined {
  const spacings = starts
    .filter((i) => i >= 0 && i + 1 < requests.length && requests[i]!.status >= 200 && requests[i]!.status < 300)
    .slice(0, gaps)
    .map((i) => requests[i + 1]!.at - requests[i]!.at);
  return spacings.length === 0 ? undefined : 1000 / median(spacings);
}

/** Requests that arrived within [from, to). */
const arrivedWithin = (requests: ProxiedRequest[], from: number, to: number) =>
  requests.filter((r) => r.at >= from && r.at < to).length;

/** The 429 at `index`: the wait before the next request, and the pace before the 429 and after its retry. */
function aroundThrottle(requests: ProxiedRequest[], index: number) {
  const throttledAt = requests[index]!.at;
  const next = requests[index + 1]!;
  const earlier = Array.from({ length: index }, (_, i) => index - 1 - i);
  const later = Array.from({ length: requests.length - index - 1 }, (_, i) => index + 1 + i);
  return {
    url: requests[index]!.url,
    nextUrl: next.url,
    waitedMs: next.at - throttledAt,
    paceBefore: paceOver(requests, earlier, 3),
    paceAfter: paceOver(requests, later, 3),
    inSecondBefore: arrivedWithin(requests, throttledAt - 1000, throttledAt),
    inSecondAfter: arrivedWithin(requests, next.at, next.at + 1000),
  };
}

const rps = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(1));

describe('ledger import from a source that throttles and fails', (suite) => {
  const source = suiteTestApp(suite);
  let sourceUrl = '';
  let sourceSnapshot: LedgerSnapshot;
  before(async () => {
    await buildRichLedger(source.client());
    sourceSnapshot = await snapshotLedger(source.client());
    sourceUrl = await source.app.listen({ port: 0, host: '127.0.0.1' });
  });

  /**
   * Imports the source through a proxy that answers `fault`, into a fresh tenant of a CLI on a database
   * of its own: one database holds a source's ids once, so every import needs its own.
   */
  async function importThrough(
    context: TestContext,
    maxRps: number,
    fault?: Fault,
  ): Promise<{ proxy: FaultyHttpProxy; code: number; stderr: string; report: ImportJson; target: LedgerClient }> {
    const proxy = await startFaultyHttpProxy(sourceUrl, { fault });
    context.after(() => proxy.close());
    const cli = await startTestCli({ LEDGER_IMPORT_SETTLE_MS: '0' });
    let app: FastifyInstance | undefined;
    // The target's app (and its ledger) before the database it runs on.
    context.after(async () => {
      await app?.close();
      await cli.close();
    });
    const tenant = tenantName('import');
    const created = await cli.run('tenants', 'create', tenant, '--json');
    assert.equal(created.code, 0, created.stderr);
    const key = (JSON.parse(created.stdout) as { keys: { testnet: string } }).keys.testnet;
    app = await cli.app();
    const target = clientFor(app, key);

    const run = await cli.run(
      'import',
      '--from',
      proxy.url,
      '--from-key',
      source.keys.testnet,
      '--tenant',
      tenant,
      '--network',
      'testnet',
      '--max-rps',
      String(maxRps),
      '--json',
    );
    assert.ok(run.stdout, `no report on standard output (exit ${run.code}):\n${run.stderr}`);
    return { proxy, code: run.code, stderr: run.stderr, report: JSON.parse(run.stdout) as ImportJson, target };
  }

  async function assertCopied(target: LedgerClient): Promise<void> {
    const copy = await snapshotLedger(target);
    assert.deepEqual(differences(copy, sourceSnapshot), []);
    assert.deepEqual(copy, sourceSnapshot);
  }

  it('slows down on 429 (waiting Retry-After), tries 502 and 503 again, and completes: the copy is the source', async (context) => {
    // Each of these is answered 429 the first time it is asked for. They are requests the import makes
    // one at a time (a page, a trade list), so the request after the 429 is its own retry.
    const throttledOnce = [/^\/v3\/ledger\/account\?/, /^\/v3\/trade\/buy/, /^\/v3\/offchain\/withdrawal\?/];
    const throttled = new Set<RegExp>();
    let unavailableAnswered = false;
    const flaky = seededFaults(20_240_613, { p502: 0.1 });
    const fault: Fault = (index, request) => {
      const pattern = throttledOnce.find((p) => p.test(request.url) && !throttled.has(p));
      if (pattern) {
        throttled.add(pattern);
        return { status: 429, retryAfter: '1' };
      }
      if (index >= 6 && !unavailableAnswered) {
        unavailableAnswered = true;
        return { status: 503 };
      }
      return flaky(index, request);
    };

    const started = performance.now();
    const { proxy, code, stderr, report, target } = await importThrough(context, 10, fault);
    const tookMs = performance.now() - started;
    const { requests } = proxy;
    assert.equal(code, 0, stderr);
    assert.equal(report.exitCode, 0);
    assert.equal(report.verification.differenceCount, 0);
    assert.equal(report.import?.leftOutCount, 0);
    await assertCopied(target);

    // The client counts what the proxy answered.
    assert.equal(count(requests, 429), throttledOnce.length);
    assert.equal(count(requests, 503), 1);
    assert.ok(count(requests, 502) >= 2, `the seed gave ${count(requests, 502)} 502s`);
    assert.deepEqual(report.source, {
      requests: requests.length,
      throttled: count(requests, 429),
      retried: count(requests, 502, 503),
    });
    context.diagnostic(
      `${requests.length} requests in ${(tookMs / 1000).toFixed(1)} s: ${count(requests, 429)} answered 429, ` +
        `${count(requests, 502)} 502, ${count(requests, 503)} 503`,
    );

    const throttledIndexes = requests.flatMap((r, index) => (r.status === 429 ? [index] : []));
    for (const index of throttledIndexes) {
      const around = aroundThrottle(requests, index);
      context.diagnostic(
        `429 to ${around.url} (request ${index}): next request ${around.waitedMs.toFixed(0)} ms later; pace ` +
          `${rps(around.paceBefore)}/s before, ${rps(around.paceAfter)}/s after; in the second before ` +
          `${around.inSecondBefore} requests, in the second after the retry ${around.inSecondAfter}`,
      );
      // Nothing else was waiting, so the next request is the same one again, sent once Retry-After is over.
      assert.equal(around.nextUrl, around.url);
      assert.ok(around.waitedMs >= 1000 - TIMER_SLACK_MS, `only ${around.waitedMs} ms after a 429 with Retry-After: 1`);
      assert.ok(around.paceBefore !== undefined && around.paceAfter !== undefined, `too few requests around ${index}`);
      assert.ok(
        around.paceAfter < around.paceBefore,
        `the pace after the 429 (${rps(around.paceAfter)}/s) is not below the pace before (${rps(around.paceBefore)}/s)`,
      );
    }
  });

  it('a 429 amid requests already waiting for their turn holds them back too, and slows them down', async (context) => {
    // The verification asks for every account's transaction count at once; the third one is throttled.
    let counts = 0;
    const fault: Fault = (_index, request) =>
      request.url.startsWith('/v3/ledger/transaction/account?count=true') && ++counts === 3
        ? { status: 429, retryAfter: '1' }
        : undefined;
    const { proxy, code, stderr, report } = await importThrough(context, 20, fault);
    assert.equal(code, 0, stderr);
    assert.equal(report.verification.differenceCount, 0);
    assert.equal(report.source.throttled, 1);

    const index = proxy.requests.findIndex((r) => r.status === 429);
    const around = aroundThrottle(proxy.requests, index);
    const throttledAt = proxy.requests[index]!.at;
    const duringRetryAfter = arrivedWithin(proxy.requests, throttledAt + 1, throttledAt + 1000 - TIMER_SLACK_MS);
    context.diagnostic(
      `429 to ${around.url} (request ${index}): next request ${around.waitedMs.toFixed(0)} ms later, ` +
        `${duringRetryAfter} requests during Retry-After; pace ${rps(around.paceBefore)}/s before, ` +
        `${rps(around.paceAfter)}/s after`,
    );
    assert.equal(duringRetryAfter, 0, `${duringRetryAfter} requests left while the source asked to wait 1 s`);
    assert.ok(around.waitedMs >= 1000 - TIMER_SLACK_MS, `only ${around.waitedMs} ms after a 429 with Retry-After: 1`);
    assert.ok(around.paceBefore !== undefined && around.paceAfter !== undefined);
    assert.ok(
      around.paceAfter < around.paceBefore,
      `the pace after the 429 (${rps(around.paceAfter)}/s) is not below the pace before (${rps(around.paceBefore)}/s)`,
    );
  });

  for (const maxRps of [10, 25]) {
    it(`--max-rps ${maxRps} holds: never more than ${maxRps} requests within any 1000 ms`, async (context) => {
      const { proxy, code, stderr, report } = await importThrough(context, maxRps);
      assert.equal(code, 0, stderr);
      assert.equal(report.verification.differenceCount, 0);
      assert.deepEqual(report.source, { requests: proxy.requests.length, throttled: 0, retried: 0 });

      const times = proxy.requests.map((r) => r.at);
      const spanMs = times.at(-1)! - times[0]!;
      const busiest = maxRequestsInAnyWindow(times, 1000);
      const gaps = times.slice(1).map((at, i) => at - times[i]!);
      // The shortest time that held maxRps + 1 requests: at or above 1000 ms when the limit holds.
      const tightest = Math.min(...times.slice(maxRps).map((at, i) => at - times[i]!));
      context.diagnostic(
        `--max-rps ${maxRps}: ${times.length} requests in ${(spanMs / 1000).toFixed(2)} s, ` +
          `${((1000 * (times.length - 1)) / spanMs).toFixed(2)}/s overall; at most ${busiest} within 1000 ms; ` +
          `${maxRps + 1} requests within ${tightest.toFixed(1)} ms at the tightest; shortest gap ${Math.min(...gaps).toFixed(1)} ms`,
      );
      // Enough requests that the limit is what set the pace, not the import's own work.
      assert.ok(spanMs > 1000, `the import took only ${spanMs} ms`);
      assert.ok(busiest <= maxRps, `${busiest} requests within 1000 ms at --max-rps ${maxRps}`);
    });
  }

  it('tries a request the source keeps answering 502 again, pausing longer each time, and completes', async (context) => {
    // Three 502s in a row (the client gives up after eight tries, pausing 0.5, 1, 2, 4, 8, 16 and 30 s,
    // more than a minute in all: a source that never recovers is too slow to wait for here).
    const FAILURES = 3;
    let failed = 0;
    const fault: Fault = (_index, request) => {
      if (!request.url.startsWith('/v3/ledger/transaction/ledger?pageSize=') || failed === FAILURES) return undefined;
      failed++;
      return { status: 502 };
    };
    const { proxy, code, stderr, report, target } = await importThrough(context, 100, fault);
    assert.equal(code, 0, stderr);
    assert.equal(report.exitCode, 0);
    assert.deepEqual(report.source, { requests: proxy.requests.length, throttled: 0, retried: FAILURES });
    await assertCopied(target);

    const tries = proxy.requests.filter((r) => r.url === proxy.requests.find((f) => f.status === 502)!.url);
    assert.deepEqual(
      tries.slice(0, FAILURES + 1).map((r) => r.status),
      [...Array<number>(FAILURES).fill(502), 200],
    );
    const pauses = tries
      .slice(1, FAILURES + 1)
      .map((r, i) => r.at - tries[i]!.at)
      .map(Math.round);
    context.diagnostic(`pauses between the tries of ${tries[0]!.url}: ${pauses.join(', ')} ms`);
    for (const [i, pause] of pauses.entries()) {
      const expected = 500 * 2 ** i;
      assert.ok(pause >= expected - TIMER_SLACK_MS, `try ${i + 2} came ${pause} ms after the last, not ${expected}`);
    }
  });
});
