import { CEILING_NAMES } from './operation.js';
import type { BenchResult, DatabaseRun, PeerResult, TargetCheck } from './results.js';
import type { Measurement } from './stats.js';

// The run's figures as plain-text tables on stdout.

const NAMES = { pglite: 'PGlite', postgres: 'PostgreSQL' } as const;

const num = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '-';

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
}

function refusedText(m: Measurement): string {
  const parts = Object.entries(m.refused).map(([status, count]) => `${count}×${status}`);
  if (m.errors > 0) parts.push(`${m.errors} errors`);
  return parts.join(' ');
}

export function databaseTable(run: DatabaseRun): string {
  const widths = [36, 9, 8, 8, 8, 20, 8, 10, 0];
  const lines = [
    `${NAMES[run.database]} ${run.version}: seeded in ${num(run.seedSeconds, 1)} s`,
    row(
      ['operation', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'of its ceiling', 'RSS MB', 'V8 heap MB', 'refused'],
      widths,
    ),
  ];
  for (const op of run.operations) {
    lines.push(
      row(
        [
          op.label,
          num(op.rps),
          num(op.p50Ms, 2),
          num(op.p90Ms, 2),
          num(op.p99Ms, 2),
          `${num(op.share, 2)} of ${CEILING_NAMES[op.ceiling]}`,
          num(op.rssAfterMB ?? NaN),
          num(op.heap?.heapTotalMB ?? NaN),
          refusedText(op),
        ],
        widths,
      ),
    );
  }
  const ceiling = (label: string, m: Measurement) =>
    row([label, num(m.rps), num(m.p50Ms, 2), num(m.p90Ms, 2), num(m.p99Ms, 2), '', '', '', refusedText(m)], widths);
  lines.push(ceiling('ceiling: bare Fastify route', run.ceilings.http));
  lines.push(ceiling('ceiling: payment SQL alone', run.ceilings.db));
  const update = run.ceilings['customer-update'];
  if (update) lines.push(ceiling('ceiling: update customer SQL alone', update));
  const create = run.ceilings['account-create'];
  if (create) lines.push(ceiling('ceiling: create account SQL alone', create));
  const rss = run.serverRssMB;
  lines.push(
    `server RSS: ${num(rss.start ?? NaN)} MB at start, ${num(rss.peak ?? NaN)} MB peak, ${num(rss.after ?? NaN)} MB after the load`,
  );
  if (run.peers) lines.push('', peerTable(run.peers.pgledger));
  return lines.join('\n');
}

/** pgledger's transfers, and our payments as a share of them. */
function peerTable(peer: PeerResult): string {
  const widths = [36, 11, 8, 8, 8, 24];
  const share = (n: number | null, ours: string) => (n === null ? `(no ${ours})` : `${num(n, 2)} (${ours})`);
  return [
    `peer: pgledger${peer.commit ? ` ${peer.commit}` : ''}, ${num(peer.accounts)} accounts, ` +
      `${peer.workers} workers over a pool of ${peer.poolSize}`,
    row(['workload', 'transfers/s', 'p50 ms', 'p90 ms', 'p99 ms', 'ours as a share'], widths),
    ...(
      [
        ['transfers, cold accounts', peer.cold, share(peer.ours.cold, 'payment.cold')],
        ['transfers, one hot sender', peer.hot, share(peer.ours.hot, 'payment.hot')],
      ] as const
    ).map(
      ([label, m, ours]) =>
        row([label, num(m.rps), num(m.p50Ms, 2), num(m.p90Ms, 2), num(m.p99Ms, 2), ours], widths) +
        (refusedText(m) ? `  ${refusedText(m)}` : ''),
    ),
  ].join('\n');
}

export function targetsTable(targets: TargetCheck[]): string {
  const verdict = (pass: boolean | null) => (pass === null ? 'INFO' : pass ? 'PASS' : 'MISS');
  return targets.map((t) => `${verdict(t.pass)}  ${NAMES[t.database].padEnd(10)}  ${t.target}: ${t.figure}`).join('\n');
}

export function header(result: Pick<BenchResult, 'machine' | 'options'>): string {
  const { machine: m, options: o } = result;
  return [
    `${num(o.customers)} customers, ${o.connections} connections, ${o.durationSeconds} s per operation` +
      ` (after ${o.warmupSeconds} s of warm-up)`,
    `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, load average ${m.loadAverage.join(' ')}`,
  ].join('\n');
}
