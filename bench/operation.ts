import type autocannon from 'autocannon';
import type { Samples } from './layout.js';
import type { LoadSpec } from './load.js';
import type { Measurement } from './stats.js';

// What an operation is to the bench: the requests of one load, built per phase, and the ceiling its
// throughput is compared with. The operations themselves: operations.ts and money-steps.ts.

/**
 * What an operation's throughput is compared with, all measured in the same run: the bare HTTP route,
 * or the least SQL of a payment (`db`), of updating a customer, or of creating an account with its
 * customer (db-ceiling.ts, write-ceilings.ts).
 */
export type Ceiling = 'http' | 'db' | 'customer-update' | 'account-create';

export const CEILING_NAMES: Record<Ceiling, string> = {
  http: 'HTTP',
  db: 'DB',
  'customer-update': 'DB update',
  'account-create': 'DB create',
};

/** The requests of one load, and at most how many (a load that uses up prepared items). */
export type Load = Pick<LoadSpec, 'requests' | 'setupClient' | 'maxRequests'>;

export interface OperationContext {
  samples: Samples;
  customers: number;
  /** Which set of dedicated customers: a warm-up never leaves state the measurement trips over. */
  phase: 0 | 1;
  /** How long this phase's load lasts, and over how many connections. */
  seconds: number;
  connections: number;
  /** Sends an unmeasured load to the server first, e.g. to make the blockages the measured one releases. */
  prepare: (load: Load, seconds: number) => Promise<Measurement>;
}

export interface Operation {
  name: string;
  label: string;
  ceiling: Ceiling;
  load(context: OperationContext): Load | Promise<Load>;
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** A random item of `items` other than `not`. */
export function pickOther<T>(items: readonly T[], not: T): T {
  let picked = pick(items);
  while (picked === not) picked = pick(items);
  return picked;
}

export function get(path: () => string): Load {
  return { requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: path() }) }] };
}

/** Each connection takes the next id of `ids` and alternates the two body-less PUTs on it. */
export function alternatePuts(
  ids: readonly string[],
  first: (id: string) => string,
  second: (id: string) => string,
): Pick<autocannon.Options, 'setupClient'> {
  let next = 0;
  return {
    setupClient(client) {
      const id = ids[next++ % ids.length]!;
      client.setRequests([
        { method: 'PUT', path: first(id) },
        { method: 'PUT', path: second(id) },
      ]);
    },
  };
}
