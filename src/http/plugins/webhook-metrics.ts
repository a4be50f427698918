import { Gauge } from 'prom-client';
import { countPendingWebhooks } from '../../domain/webhooks/webhook.repository.js';
import type { WebhookWorker } from '../../domain/webhooks/webhook-worker.js';
import type { Database } from '../../storage/database.js';
import type { Metrics } from './metrics.js';

// A try takes milliseconds on a near receiver and up to the 10 s timeout; an event's latency runs from
// milliseconds to the retry schedule's day.
const TRY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LATENCY_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 3600, 86400];

/**
 * The webhook deliveries of docs/decisions/0030-webhook-outbox.md: what waits (read from the database
 * when scraped: every server's backlog, since they share it), and what this server's worker did.
 */
export function registerWebhookMetrics(metrics: Metrics, db: Database, worker: WebhookWorker): void {
  new Gauge({
    name: 'ledger_webhooks_pending',
    help: 'Webhooks not yet delivered and still to be tried, in the whole database',
    registers: [metrics.registry],
    async collect() {
      this.set(await countPendingWebhooks(db));
    },
  });
  metrics.countersReadWhenScraped([
    ['ledger_webhooks_delivered_total', 'Webhooks delivered (a 2xx answer)', () => worker.stats.delivered],
    ['ledger_webhook_tries_failed_total', 'Webhook tries without a 2xx answer in time', () => worker.stats.failedTries],
    ['ledger_webhook_retries_total', 'Webhook tries after a failed one', () => worker.stats.retries],
    [
      'ledger_webhooks_failed_total',
      'Webhooks that failed every try and are no longer tried',
      () => worker.stats.givenUp,
    ],
  ]);
  const tries = metrics.histogram(
    'ledger_webhook_try_duration_seconds',
    'Time a webhook try took, by outcome',
    ['outcome'],
    TRY_BUCKETS,
  );
  const latency = metrics.histogram(
    'ledger_webhook_delivery_latency_seconds',
    'Time from the event to its webhook delivered',
    [],
    LATENCY_BUCKETS,
  );
  worker.onTry((report) => {
    tries.observe({ outcome: report.delivered ? 'delivered' : 'failed' }, report.seconds);
    if (report.latencySeconds !== undefined) latency.observe(report.latencySeconds);
  });
}
