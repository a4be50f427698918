import type { Samples } from './layout.js';
import { runLoad } from './load.js';
import type { Load, Operation } from './operation.js';
import type { BenchOptions } from './options.js';
import type { Measurement } from './stats.js';

// How every figure of a run is taken: an unrecorded warm-up, then the measurement, then one log line;
// and how an operation's phase reaches the server, with any unmeasured load it needs first.

export type Measured = (
  label: string,
  measure: (phase: 0 | 1, seconds: number) => Promise<Measurement>,
) => Promise<Measurement>;

export function measurementLine(result: Measurement, seconds: number): string {
  const refused = Object.keys(result.refused).length > 0 || result.errors > 0;
  return (
    `${Math.round(result.rps)}/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms` +
    (refused ? `, REFUSED ${JSON.stringify(result.refused)} errors ${result.errors}` : '') +
    // A load that uses up prepared items (blockages to release) may end before its time.
    (result.seconds < seconds - 0.5 ? `, ended after ${result.seconds.toFixed(1)} s of ${seconds}` : '')
  );
}

export function measuring(options: BenchOptions, log: (line: string) => void) {
  /** An unrecorded warm-up, then the measurement; `measure` is given the phase and the seconds. */
  const measured: Measured = async (label, measure) => {
    if (options.warmupSeconds > 0) await measure(0, options.warmupSeconds);
    const result = await measure(1, options.durationSeconds);
    log(`${label}: ${measurementLine(result, options.durationSeconds)}`);
    return result;
  };

  /** One phase of an operation against the server at `url`: its load, and any unmeasured load it needs first. */
  async function operationLoad(
    op: Operation,
    url: string,
    apiKey: string,
    samples: Samples,
    phase: 0 | 1,
    seconds: number,
  ): Promise<Measurement> {
    const send = (load: Load, seconds: number) =>
      runLoad({ url, connections: options.connections, seconds, headers: { 'x-api-key': apiKey }, ...load });
    const load = await op.load({
      samples,
      customers: options.customers,
      phase,
      seconds,
      connections: options.connections,
      prepare: async (load, seconds) => {
        const result = await send(load, seconds);
        log(`${op.label}, preparing: ${result.ok} made, ${measurementLine(result, seconds)}`);
        return result;
      },
    });
    return send(load, seconds);
  }

  return { measured, operationLoad };
}
