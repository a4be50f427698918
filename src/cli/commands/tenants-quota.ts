import { setTenantQuota } from '../../domain/tenancy/tenant-quota.js';
import { defineCommand } from '../command.js';
import { printJson, printLines } from '../output.js';
import { describeQuota, parseQuota } from './credit-quota.js';

export const tenantsQuota = defineCommand({
  path: ['tenants', 'quota'],
  args: ['<name>', '<credits|none>'],
  summary: "Set a tenant's monthly credit quota, or remove it with 'none'",
  description: [
    'The quota counts the credits of both ledgers of the tenant in a UTC calendar month. Once they reach it,',
    'calls are refused with 403 credits.quota.exceeded; GET /v3/tatum/usage and the key freeze still answer.',
    'Running servers apply a new quota at the next call.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'Print {tenant, monthlyCreditQuota} as JSON' },
  },
  async run(context, { options, args: [name, value] }) {
    const quota = parseQuota(value!, 'the quota');
    await setTenantQuota(await context.ledger(), name!, quota);
    if (options.json) return printJson(context.stdout, { tenant: name, monthlyCreditQuota: quota });
    printLines(context.stdout, describeQuota(name!, quota));
  },
});
