import { createTenantWithKeys } from '../../domain/tenancy/tenancy.service.js';
import { defineCommand, UsageError } from '../command.js';
import { printJson, printLines } from '../output.js';

export const tenantsCreate = defineCommand({
  path: ['tenants', 'create'],
  args: ['<name>'],
  summary: 'Create a tenant with its mainnet and testnet ledgers and one API key for each',
  description: 'The keys are printed this once: only their hashes are stored.',
  options: {
    json: { type: 'boolean', description: 'Print {tenant: {id, name}, keys: {mainnet, testnet}} as JSON' },
  },
  async run(context, { options, args: [name] }) {
    if (!name?.trim()) throw new UsageError('a tenant name must not be blank');
    const { tenant, keys } = await createTenantWithKeys(await context.database(), name, 'made with the tenant');
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
    );
  },
});
