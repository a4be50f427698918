import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PaymentGroupStats } from '../../domain/transactions/payment-groups.js';
import type { Database } from '../../storage/database.js';

/**
 * The app's Prometheus registry. One per app, not prom-client's global one, so that the apps a test
 * process builds do not count into each other. Other plugins add their own metrics through it:
 *
 *   app.metrics.counter('ledger_credits_charged_total', 'Credits charged', ['network']).inc({ network }, 2);
 *
 * Asking twice for the same name returns the same metric, so a plugin need not keep it.
 */
export class Metrics {
  readonly registry = new Registry();

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return this.existing(name, Counter) ?? new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    return this.existing(name, Gauge) ?? new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    buckets?: number[],
  ): Histogram<L> {
    return (
      this.existing(name, Histogram) ??
      new Histogram({ name, help, labelNames, registers: [this.registry], ...(buckets ? { buckets } : {}) })
    );
  }

  /** The exposition, in Prometheus' text format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /**
   * Counters a part of the server keeps itself (as plain numbers), read when scraped: one per
   * `[name, help, read]`.
   */
  countersReadWhenScraped(counters: readonly (readonly [name: string, help: string, read: () => number])[]): void {
    for (const [name, help, read] of counters) {
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    }
  }

  private existing<M>(name: string, kind: abstract new (...args: never[]) => M): M | undefined {
    const metric = this.registry.getSingleMetric(name);
    if (metric === undefined) return undefined;
    if (!(metric instanceof kind)) throw new Error(`metric ${name} exists already as another kind`);
    return metric;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

export interface MetricsOptions {
  /**
   * Memory, CPU, event-loop lag and GC of the process. They describe the process, not the app, and
   * prom-client's collectors stay attached once made, so only the server process turns them on.
   */
  processMetrics?: boolean;
}

// Latencies of a ledger call: most take milliseconds; the tail is lock waits and batch writes.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Decorates `app.metrics` and counts every answered request by route pattern, never by raw URL. */
export function registerMetrics(
  app: FastifyInstance,
  db: Database,
  payments: { stats: PaymentGroupStats },
  options: MetricsOptions = {},
): Metrics {
  const metrics = new Metrics();
  app.decorate('metrics', metrics);
  if (options.processMetrics) collectDefaultMetrics({ register: metrics.registry });

  const labels = ['method', 'route', 'status_code'] as const;
  const requests = metrics.counter('ledger_http_requests_total', 'HTTP requests answered', labels);
  const latency = metrics.histogram(
    'ledger_http_request_duration_seconds',
    'Time from receiving a request to sending its answer',
    labels,
    LATENCY_BUCKETS,
  );
  // One pair of labelled series per method, route and status, looked up by a string key: prom-client
  // would otherwise hash the label object at every request.
  const series = new Map<string, { count: { inc(): void }; time: { observe(seconds: number): void } }>();
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern keeps the label set small: /v3/ledger/account/{id}, not one series per id.
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let pair = series.get(key);
    if (!pair) {
      const values = { method: request.method, route, status_code: String(reply.statusCode) };
      pair = { count: requests.labels(values), time: latency.labels(values) };
      series.set(key, pair);
    }
    pair.count.inc();
    pair.time.observe(reply.elapsedTime / 1000);
    done();
  });

  // Read when scraped: the payment groups count in memory (docs/decisions/0046-payments-in-one-call.md).
  // units / groups is the mean group size; near 1 the server is not busy enough to group.
  metrics.countersReadWhenScraped([
    ['ledger_payment_groups_total', 'Payment statements sent, each a group of payments', () => payments.stats.groups],
    [
      'ledger_payment_group_units_total',
      'Payments, batch requests and unblocks sent in groups',
      () => payments.stats.units,
    ],
  ]);

  if (db.poolStats) {
    const stats = () => db.poolStats!();
    const database = db.kind;
    // Read when scraped, so the numbers are the pool's at that moment.
    new Gauge({
      name: 'ledger_db_pool_connections',
      help: 'Database connections, by state (PGlite: its one connection)',
      labelNames: ['database', 'state'],
      registers: [metrics.registry],
      collect() {
        const { total, idle } = stats();
        this.set({ database, state: 'idle' }, idle);
        this.set({ database, state: 'busy' }, total - idle);
      },
    });
    new Gauge({
      name: 'ledger_db_pool_waiting',
      help: 'Queries and transactions waiting for a database connection',
      labelNames: ['database'],
      registers: [metrics.registry],
      collect() {
        this.set({ database }, stats().waiting);
      },
    });
  }
  return metrics;
}
