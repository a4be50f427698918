import { listApiKeys } from '../../domain/tenancy/tenancy.service.js';
import { defineCommand } from '../command.js';
import { formatTime, printJson, printTable } from '../output.js';

export const keysList = defineCommand({
  path: ['keys', 'list'],
  summary: 'List API keys by id and hint, oldest first (the keys themselves are never stored)',
  options: {
    tenant: { type: 'string', value: '<name>', description: "Only this tenant's keys" },
    json: {
      type: 'boolean',
      description: 'Print [{id, tenant, network, hint, label, frozen, revokedAt, createdAt}] as JSON',
    },
  },
  async run(context, { options }) {
    const keys = await listApiKeys(await context.database(), options.tenant);
    if (options.json) return printJson(context.stdout, keys);
    printTable(
      context.stdout,
      ['ID', 'TENANT', 'NETWORK', 'HINT', 'LABEL', 'FROZEN', 'REVOKED', 'CREATED'],
      keys.map((k) => [
        k.id,
        k.tenant,
        k.network,
        k.hint,
        k.label ?? '-',
        k.frozen ? 'yes' : 'no',
        formatTime(k.revokedAt),
        formatTime(k.createdAt),
      ]),
      'No API keys.',
    );
  },
});
