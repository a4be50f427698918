/** Throughput and latency percentiles of one measurement; latencies of successful calls only. */
export interface Measurement {
  /** Successful calls per second: the throughput. */
  rps: number;
  ok: number;
  /** Answers other than 2xx, by status: a bench whose requests are refused measures the refusal. */
  refused: Record<string, number>;
  /** Connection errors, timeouts, failed transactions. */
  errors: number;
  seconds: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summarize(
  latenciesMs: readonly number[],
  seconds: number,
  failures: { refused?: Record<string, number>; errors?: number } = {},
): Measurement {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    rps: sorted.length / seconds,
    ok: sorted.length,
    refused: failures.refused ?? {},
    errors: failures.errors ?? 0,
    seconds,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}
