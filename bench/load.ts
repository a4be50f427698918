import autocannon from 'autocannon';
import { summarize, type Measurement } from './stats.js';

// The load generator: autocannon, in the bench's own process. It keeps a fixed number of keep-alive
// connections busy (one request in flight on each, no pipelining) for a fixed time, which is the
// "fixed concurrency" the targets are stated at, and it lets each request be built per call
// (setupRequest, setupClient) for random ids and unique bodies. Its own latency histogram keeps whole
// milliseconds only, too coarse for a 1 ms median, so the latencies are taken from its response
// events (fractional milliseconds) and the percentiles computed here.

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** The request sequence of every connection; setupRequest may change each one as it is sent. */
  requests?: autocannon.Request[];
  /** Gives one connection its own request sequence (e.g. its own customer). */
  setupClient?: (client: autocannon.Client) => void;
  /** At most this many requests (at least one per connection): a load that uses up prepared items. */
  maxRequests?: number;
}

/** A hard cap on requests per measurement, so that a load ends even if the clock misbehaved. */
const MAX_REQUESTS_PER_SECOND = 200_000;

export async function runLoad(spec: LoadSpec): Promise<Measurement> {
  if (spec.maxRequests !== undefined && spec.maxRequests < spec.connections) {
    // autocannon shares the cap out per connection, and a connection given none would never stop.
    throw new Error(`a load of ${spec.maxRequests} requests cannot keep ${spec.connections} connections busy`);
  }
  const latencies: number[] = [];
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.seconds,
        maxOverallRequests: Math.min(
          spec.maxRequests ?? Infinity,
          Math.max(spec.connections, spec.seconds * MAX_REQUESTS_PER_SECOND),
        ),
        // autocannon sees that every connection has used up its requests only at its next sample: every
        // 100 ms rather than every second, so that a capped load's duration is not padded by up to 1 s.
        ...(spec.maxRequests !== undefined ? { sampleInt: 100 } : {}),
        timeout: 10,
        headers: spec.headers ?? {},
        ...(spec.requests ? { requests: spec.requests } : {}),
        ...(spec.setupClient ? { setupClient: spec.setupClient } : {}),
      },
      (error: Error | null, result) => (error ? reject(error) : resolve(result)),
    );
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await finished;
  const refused: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    if (!status.startsWith('2')) refused[status] = count ?? 0;
  }
  return summarize(latencies, result.duration, { refused, errors: result.errors });
}
