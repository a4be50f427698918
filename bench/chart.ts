import { CEILING_NAMES, type Ceiling } from './operation.js';
import type { BenchResult, DatabaseRun } from './results.js';

// An SVG bar chart, written by hand (no charting dependency): for each operation, its throughput as a
// share of its ceiling on each database, with the 0.5 line the targets are stated against.

const COLORS = { pglite: '#4c78a8', postgres: '#f58518' } as const;
const NAMES = { pglite: 'PGlite', postgres: 'PostgreSQL' } as const;

const LEFT = 250;
const PLOT = 560;
const RIGHT = 150;
const WIDTH = LEFT + PLOT + RIGHT;
const BAR = 13;
const GROUP_GAP = 12;
/** Where the ceilings' lines begin, one line per database, and how far the plot begins below them. */
const CEILINGS_TOP = 98;
const LINE = 18;
const LEGEND = 24;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x: number, y: number, content: string, attributes = '') =>
  `<text x="${x}" y="${y}"${attributes ? ' ' + attributes : ''}>${escape(content)}</text>`;

/** "HTTP 44,000/s, DB 2,500/s, …": each ceiling the run measured. */
function ceilingFigures(run: DatabaseRun): string {
  return (Object.keys(CEILING_NAMES) as Ceiling[])
    .flatMap((ceiling) => {
      const m = run.ceilings[ceiling];
      return m ? [`${CEILING_NAMES[ceiling]} ${Math.round(m.rps).toLocaleString('en-US')}/s`] : [];
    })
    .join(', ');
}

export function renderChart(result: BenchResult): string {
  const runs = result.runs;
  const names = [...new Set(runs.flatMap((run) => run.operations.map((op) => op.name)))];
  const rows = names.map((name) => {
    const found = runs.map((run) => ({ run, op: run.operations.find((op) => op.name === name) }));
    const any = found.find((f) => f.op)!.op!;
    return { label: `${any.label} (vs ${CEILING_NAMES[any.ceiling]})`, found };
  });
  const largest = Math.max(1, ...runs.flatMap((run) => run.operations.map((op) => op.share)));
  const scaleMax = Math.ceil(largest * 4) / 4;
  const x = (share: number) => LEFT + (Math.max(0, share) / scaleMax) * PLOT;
  const TOP = CEILINGS_TOP + runs.length * LINE + LEGEND;
  const groupHeight = runs.length * BAR + GROUP_GAP;
  const plotHeight = rows.length * groupHeight;
  const height = TOP + plotHeight + 40;

  const m = result.machine;
  const o = result.options;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(
      16,
      24,
      `Throughput as a share of its ceiling: ${o.customers.toLocaleString('en-US')} customers, ${o.connections} connections`,
      'font-size="15" font-weight="bold"',
    ),
    text(
      16,
      44,
      `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}; ${result.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
      'fill="#555"',
    ),
    text(
      16,
      62,
      'HTTP ceiling: a bare Fastify route answering the same JSON from memory. DB ceiling: the minimal payment SQL, no HTTP.',
      'fill="#555"',
    ),
    text(16, 80, 'DB update, DB create: the least SQL of updating a customer, of creating an account.', 'fill="#555"'),
    ...runs.map((run, i) =>
      text(16, CEILINGS_TOP + i * LINE, `Ceilings, ${NAMES[run.database]}: ${ceilingFigures(run)}`, 'fill="#555"'),
    ),
  ];
  runs.forEach((run, i) => {
    const lx = LEFT + i * 130;
    parts.push(`<rect x="${lx}" y="${TOP - 16}" width="12" height="12" fill="${COLORS[run.database]}"/>`);
    parts.push(text(lx + 16, TOP - 6, NAMES[run.database]));
  });
  for (let tick = 0; tick <= scaleMax + 1e-9; tick += 0.25) {
    const tx = x(tick);
    const target = Math.abs(tick - 0.5) < 1e-9;
    parts.push(
      `<line x1="${tx}" y1="${TOP}" x2="${tx}" y2="${TOP + plotHeight}" stroke="${target ? '#d62728' : '#ddd'}"` +
        `${target ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
    parts.push(text(tx, TOP + plotHeight + 16, tick.toFixed(2), 'text-anchor="middle" fill="#555"'));
  }
  parts.push(text(x(0.5) + 4, TOP + plotHeight + 32, 'target for get customer and cold payments', 'fill="#d62728"'));
  rows.forEach((row, r) => {
    const y0 = TOP + r * groupHeight + GROUP_GAP / 2;
    parts.push(text(LEFT - 8, y0 + (runs.length * BAR) / 2 + 4, row.label, 'text-anchor="end"'));
    row.found.forEach(({ run, op }, i) => {
      if (!op) return;
      const y = y0 + i * BAR;
      parts.push(
        `<rect x="${LEFT}" y="${y}" width="${(x(op.share) - LEFT).toFixed(1)}" height="${BAR - 2}" fill="${COLORS[run.database]}"/>`,
      );
      const label = `${op.share.toFixed(2)} · ${Math.round(op.rps).toLocaleString('en-US')}/s · p99 ${op.p99Ms.toFixed(1)} ms`;
      parts.push(text(x(op.share) + 4, y + BAR - 3, label, 'font-size="10" fill="#333"'));
    });
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
