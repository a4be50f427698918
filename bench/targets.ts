import type { DatabaseRun, OperationResult, TargetCheck } from './results.js';

// The targets, reported by the bench and never asserted by a test: a busy machine can miss
// them without the code being wrong, and the figures, not a red build, are what tells.

const RSS_LIMIT_MB = 300;
const RSS_TARGET_CUSTOMERS = 1_000_000;

const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function checkTargets(run: DatabaseRun, customers: number, connections: number): TargetCheck[] {
  const byName = new Map(run.operations.map((op) => [op.name, op]));
  const checks: TargetCheck[] = [];
  const add = (target: string, figure: string, pass: boolean | null) =>
    checks.push({ database: run.database, target, figure, pass });
  const both = (a: string, b: string, check: (a: OperationResult, b: OperationResult) => void) => {
    const first = byName.get(a);
    const second = byName.get(b);
    if (first && second) check(first, second);
  };

  for (const name of ['customer.get.id', 'customer.get.externalId']) {
    const op = byName.get(name);
    if (!op) continue;
    // Three decimals: 0.499 must not print as a missed 0.50.
    add(`${op.label}: ≥ 0.5 of the HTTP ceiling`, `${fixed(op.share, 3)} (${Math.round(op.rps)}/s)`, op.share >= 0.5);
    add(`${op.label}: p99 < 10 ms`, `${fixed(op.p99Ms)} ms`, op.p99Ms < 10);
  }
  both('customer.list.first', 'customer.list.last', (first, last) => {
    // At a fixed concurrency a call's cost is the inverse of the throughput.
    const ratio = first.rps / last.rps;
    add(
      `list customers, last page ≤ 1.5× the first (${customers.toLocaleString('en-US')})`,
      `${fixed(ratio)}× (p50 ${fixed(last.p50Ms)} vs ${fixed(first.p50Ms)} ms)`,
      ratio <= 1.5,
    );
  });
  both('customer.disable-enable.1', 'customer.disable-enable.1000', (one, thousand) => {
    const ratio = one.rps / thousand.rps;
    add(
      'disable/enable, 1,000 accounts ≤ 1.5× 1 account',
      `${fixed(ratio)}× (p50 ${fixed(thousand.p50Ms)} vs ${fixed(one.p50Ms)} ms)`,
      ratio <= 1.5,
    );
  });
  // Payments: one statement, shared by the payments that arrive together (docs/decisions/0046-payments-in-one-call.md).
  const cold = byName.get('payment.cold');
  const hot = byName.get('payment.hot');
  const ceilingShare = run.database === 'pglite' ? 0.8 : 0.5;
  if (cold)
    add(
      `payment, cold accounts: ≥ ${ceilingShare} of the DB ceiling`,
      `${fixed(cold.share, 3)} (${Math.round(cold.rps)}/s)`,
      cold.share >= ceilingShare,
    );
  if (hot) {
    const share = run.database === 'pglite' ? 0.8 : 1.0;
    add(
      `payment, one hot sender: ≥ ${fixed(share, 1)} of the DB ceiling`,
      `${fixed(hot.share, 3)} (${Math.round(hot.rps)}/s)`,
      hot.share >= share,
    );
  }
  for (const op of [cold, hot]) {
    if (op) add(`${op.label}: p99 < 50 ms at ${connections} connections`, `${fixed(op.p99Ms)} ms`, op.p99Ms < 50);
  }

  const peer = run.peers?.pgledger;
  if (peer) {
    for (const [kind, label, times] of [
      ['cold', 'cold accounts', 1.5],
      ['hot', 'one hot sender', 1.0],
    ] as const) {
      const share = peer.ours[kind];
      add(
        `payment, ${label}: ≥ ${fixed(times, 1)}× pgledger's transfers in the same run`,
        share === null ? 'not measured' : `${fixed(share)}× (pgledger ${Math.round(peer[kind].rps)}/s)`,
        share === null ? null : share >= times,
      );
    }
  }

  const peak = run.serverRssMB.peak;
  if (peak !== null) {
    const applies = customers >= RSS_TARGET_CUSTOMERS;
    add(
      `server RSS < ${RSS_LIMIT_MB} MB${applies ? '' : ' (applies at 1M customers; reported)'}`,
      `${Math.round(peak)} MB peak`,
      applies ? peak < RSS_LIMIT_MB : null,
    );
  }
  if (run.invariants.afterSeed.length > 0 || run.invariants.afterLoad.length > 0) {
    add('ledger invariants hold', [...run.invariants.afterSeed, ...run.invariants.afterLoad].join('; '), false);
  } else {
    add('ledger invariants hold after seeding and after the load', 'all hold', true);
  }
  return checks;
}
