import type { Output } from './command.js';

export function printLines(out: Output, ...lines: string[]): void {
  out.write(lines.map((line) => `${line}\n`).join(''));
}

/** Indented JSON: readable as it is, and what `jq` and scripts take. */
export function printJson(out: Output, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Aligned columns with a header row; `empty` is printed instead when there are no rows. */
export function printTable(out: Output, header: readonly string[], rows: readonly string[][], empty: string): void {
  if (rows.length === 0) return printLines(out, empty);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  printLines(out, line(header), ...rows.map(line));
}

/** A moment in UTC to the second: what a listing needs, without the milliseconds. */
export function formatTime(time: Date | null): string {
  return time ? `${time.toISOString().slice(0, 19)}Z` : '-';
}
