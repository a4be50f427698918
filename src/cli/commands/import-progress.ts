import type { ImportProgress } from '../../domain/import/importer.js';
import type { Output } from '../command.js';

// What an import shows while it runs, on standard error: on a terminal, one line rewritten in place with
// the stage, the items written, the rate and the time left where the source says how many there are;
// in a pipe or a log, one line per stage as it ends, so that a log stays readable.

export interface ProgressOutput extends Output {
  isTTY?: boolean;
}

const number = (n: number) => n.toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

export function progressReporter(out: ProgressOutput, now: () => number = () => performance.now()) {
  let current: { stage: string; startedAt: number; from: number; last: ImportProgress } | undefined;
  let lastDrawn = 0;

  const line = (p: ImportProgress, elapsedMs: number, from: number) => {
    const done = p.written - from;
    const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
    const left = p.total !== undefined && rate > 0 ? ` · ${duration((p.total - p.written) / rate)} left` : '';
    const of = p.total !== undefined ? ` of ${number(p.total)}` : '';
    const verb = p.stage === 'verify' ? 'checked' : 'written';
    return `${p.stage}: ${number(p.written)}${of} ${verb} · ${number(Math.round(rate))}/s${left}`;
  };

  const endStage = () => {
    if (!current) return;
    const elapsed = now() - current.startedAt;
    const text = `${line(current.last, elapsed, current.from).replace(/ · [^·]* left$/, '')} · ${duration(elapsed / 1000)}`;
    out.write(out.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
  };

  return {
    progress(p: ImportProgress) {
      if (current?.stage !== p.stage) {
        endStage();
        current = { stage: p.stage, startedAt: now(), from: p.written, last: p };
        if (p.stage === 'done') current = undefined;
        return;
      }
      current.last = p;
      if (out.isTTY && now() - lastDrawn > 200) {
        lastDrawn = now();
        out.write(`\r\x1b[2K${line(p, now() - current.startedAt, current.from)}`);
      }
    },
    /** A pause the source asked for, or a retry: worth a line of its own in a log. */
    note(text: string) {
      out.write(out.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
    end: endStage,
  };
}
