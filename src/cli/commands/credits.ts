import { keyCredits } from '../../domain/credits/credit-report.js';
import { defineCommand, UsageError } from '../command.js';
import { printJson, printTable } from '../output.js';

export const credits = defineCommand({
  path: ['credits'],
  summary: 'Credits consumed in a month, per API key, with each tenant’s quota',
  description: [
    'Counts written by the servers so far: a running server writes its counts at least once a second.',
    'Revoked keys are listed too: what they consumed still counts toward the month.',
  ].join('\n'),
  options: {
    tenant: { type: 'string', value: '<name>', description: "Only this tenant's keys" },
    month: { type: 'string', value: '<YYYY-MM>', description: 'The UTC month (default: this month)' },
    json: {
      type: 'boolean',
      description:
        'Print {month, keys: [{tenant, network, keyId, hint, revoked, credits}], tenants: [{tenant, credits, monthlyCreditQuota}]}',
    },
  },
  async run(context, { options }) {
    const month = options.month ?? new Date().toISOString().slice(0, 7);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new UsageError(`--month must be YYYY-MM, not '${month}'`);
    const report = await keyCredits(await context.database(), month, options.tenant);
    if (options.json) return printJson(context.stdout, report);
    printTable(
      context.stdout,
      ['TENANT', 'NETWORK', 'KEY ID', 'HINT', 'REVOKED', 'CREDITS'],
      report.keys.map((k) => [k.tenant, k.network, k.keyId, k.hint, k.revoked ? 'yes' : 'no', String(k.credits)]),
      'No API keys.',
    );
    if (report.tenants.length === 0) return;
    context.stdout.write('\n');
    printTable(
      context.stdout,
      ['TENANT', `CREDITS ${month}`, 'MONTHLY QUOTA'],
      report.tenants.map((t) => [
        t.tenant,
        String(t.credits),
        t.monthlyCreditQuota === null ? '-' : String(t.monthlyCreditQuota),
      ]),
      '',
    );
  },
});
