import { createTenantWithKeys } from '../../domain/tenancy/tenancy.service.js';
import { defineCommand, UsageError } from '../command.js';
import { printJson, printLines } from '../output.js';
import { describeQuota, parseQuota } from './credit-quota.js';

export const tenantsCreate = defineCommand({
  path: ['tenants', 'create'],
  args: ['<name>'],
  summary: 'Create a tenant with its mainnet and testnet ledgers and one API key for each',
  description: 'The keys are printed this once: only their hashes are stored.',
  options: {
    quota: {
      type: 'string',
      value: '<credits|none>',
      description: "Its monthly credit quota (see 'tenants quota'); none by default",
    },
    json: { type: 'boolean', description: 'Print {tenant: {id, name}, keys: {mainnet, testnet}} as JSON' },
  },
  async run(context, { options, args: [name] }) {
    if (!name?.trim()) throw new UsageError('a tenant name must not be blank');
    const quota = options.quota === undefined ? null : parseQuota(options.quota, '--quota');
    const db = await context.database();
    const { tenant, keys } = await createTenantWithKeys(db, name, 'made with the tenant', quota);
    if (options.json) {
      return printJson(context.stdout, {
        tenant: { id: tenant.id, name: tenant.name },
        keys: { mainnet: keys.mainnet.key, testnet: keys.testnet.key },
      });
    }
    printLines(
      context.stdout,
      `Created tenant '${tenant.name}' (id ${tenant.id}) with a mainnet and a testnet ledger.`,
      'API keys, shown this once (only their hashes are stored):',
      `  mainnet  ${keys.mainnet.key}`,
      `  testnet  ${keys.testnet.key}`,
      ...(quota === null ? [] : [describeQuota(tenant.name, quota)]),
    );
  },
});
