import { listWebhooks, webhookStatus, type WebhookRecord } from '../../domain/webhooks/webhook-admin.service.js';
import { defineCommand } from '../command.js';
import { formatTime, printJson, printTable } from '../output.js';
import { integerOption } from '../parse.js';
import { describeLedger, ledgerOf, ledgerOptions } from './customer-options.js';

// As many as customers list shows at once: a whole ledger's recent webhooks on one screen or in a file.
const MAX_LIMIT = 1000;
// A receiver's answer is kept up to 1000 characters; a table cell shows its start.
const RESPONSE_CHARS = 60;

/** The last try's answer on one line: its status and body, or the network error; '-' before the first. */
export function describeResponse(webhook: WebhookRecord): string {
  if (webhook.tries === 0) return '-';
  const { code, data, networkError } = webhook.response;
  const text = [networkError ? 'network error:' : String(code ?? '-'), data ?? '']
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > RESPONSE_CHARS ? `${text.slice(0, RESPONSE_CHARS - 1)}…` : text;
}

export const webhooksList = defineCommand({
  path: ['webhooks', 'list'],
  summary: "List a ledger's webhooks, newest first, with how their tries went",
  description: [
    'STATUS is delivered; pending (not tried yet); failing (the last try failed, it is tried again at',
    'NEXT TRY); or given up (every try failed). Times are UTC.',
  ].join('\n'),
  options: {
    ...ledgerOptions,
    failing: { type: 'boolean', description: 'Only those whose last try failed, given up ones included' },
    limit: { type: 'string', value: '<n>', default: '50', description: `Webhooks to show, 1 to ${MAX_LIMIT}` },
    json: {
      type: 'boolean',
      description:
        'Print [{id, type, subscriptionId, url, status, tries, failed, response, nextAt, triedAt, deliveredAt, createdAt}]',
    },
  },
  async run(context, { options }) {
    const limit = integerOption('limit', options.limit ?? '50', 1, MAX_LIMIT);
    const failing = options.failing ?? false;
    const db = await context.database();
    const webhooks = await listWebhooks(db, await ledgerOf(db, options), { failing, limit });
    if (options.json) {
      return printJson(
        context.stdout,
        webhooks.map((w) => ({ ...w, status: webhookStatus(w) })),
      );
    }
    printTable(
      context.stdout,
      ['ID', 'TYPE', 'STATUS', 'NEXT TRY', 'TRIES', 'URL', 'LAST RESPONSE'],
      webhooks.map((w) => [
        w.id,
        w.type,
        webhookStatus(w),
        formatTime(w.nextAt),
        String(w.tries),
        w.url,
        describeResponse(w),
      ]),
      `No ${failing ? 'failing ' : ''}webhooks in ${describeLedger(options)}.`,
    );
  },
});
