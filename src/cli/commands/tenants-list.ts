import { listTenants } from '../../domain/tenancy/tenancy.service.js';
import { defineCommand } from '../command.js';
import { formatTime, printJson, printTable } from '../output.js';

export const tenantsList = defineCommand({
  path: ['tenants', 'list'],
  summary: 'List the tenants, oldest first',
  options: {
    json: { type: 'boolean', description: 'Print [{id, name, active, createdAt}] as JSON' },
  },
  async run(context, { options }) {
    const tenants = await listTenants(await context.database());
    if (options.json) return printJson(context.stdout, tenants);
    printTable(
      context.stdout,
      ['ID', 'NAME', 'ACTIVE', 'CREATED'],
      tenants.map((t) => [t.id, t.name, t.active ? 'yes' : 'no', formatTime(t.createdAt)]),
      'No tenants yet.',
    );
  },
});
