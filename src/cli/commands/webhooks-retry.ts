import { retryWebhook, webhookStatus, type WebhookRecord } from '../../domain/webhooks/webhook-admin.service.js';
import { defineCommand } from '../command.js';
import { printJson, printLines } from '../output.js';
import { describeLedger, ledgerOf, ledgerOptions } from './customer-options.js';

// The command only marks the webhook due and wakes the servers' workers: no process of the command line
// delivers. A PGlite folder is opened by the command line or by the server, never both: there the server
// tries it when it starts.

const triesSoFar = (webhook: WebhookRecord) => `${webhook.tries} ${webhook.tries === 1 ? 'try' : 'tries'} so far`;

export const webhooksRetry = defineCommand({
  path: ['webhooks', 'retry'],
  args: ['<id>'],
  summary: 'Make a webhook that is not delivered due now, also one given up after its last try',
  description: [
    "Its id is in 'webhooks list'. The try is made and recorded by a running server, as any other: it",
    'counts in its tries and its history. A given-up webhook gets one more try.',
  ].join('\n'),
  options: {
    ...ledgerOptions,
    json: { type: 'boolean', description: "Print the webhook as in 'webhooks list --json'" },
  },
  async run(context, { options, args: [id] }) {
    const db = await context.database();
    const webhook = await retryWebhook(db, await ledgerOf(db, options), id!);
    if (options.json) return printJson(context.stdout, { ...webhook, status: webhookStatus(webhook) });
    printLines(
      context.stdout,
      `Webhook ${webhook.id} in ${describeLedger(options)} is due now (${triesSoFar(webhook)}).`,
      'A running server tries it now; on PGlite, the server tries it when it starts.',
    );
  },
});
