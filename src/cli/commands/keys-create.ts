import { NETWORKS, type Network } from '../../domain/ledger.js';
import { createApiKey, DEFAULT_TENANT, UnknownTenantError } from '../../domain/tenancy/tenancy.service.js';
import { defineCommand } from '../command.js';
import { printJson, printLines } from '../output.js';

export const keysCreate = defineCommand({
  path: ['keys', 'create'],
  summary: "Make an API key for a tenant's mainnet or testnet ledger",
  description: [
    'Prints only the key, on one line, so that a script can take it:',
    `  KEY=$(ledger keys create --network testnet)`,
    'The key is shown this once: only its hash is stored.',
  ].join('\n'),
  options: {
    network: { type: 'string', choices: NETWORKS, required: true, description: 'The ledger the key opens' },
    tenant: { type: 'string', value: '<name>', default: DEFAULT_TENANT, description: 'The tenant' },
    label: { type: 'string', value: '<text>', description: "A note kept with the key, shown by 'keys list'" },
    json: { type: 'boolean', description: 'Print {id, key, network, tenant} as JSON' },
  },
  async run(context, { options }) {
    const tenant = options.tenant ?? DEFAULT_TENANT;
    const network = options.network as Network;
    try {
      const made = await createApiKey(await context.database(), tenant, network, options.label || null);
      if (options.json) return printJson(context.stdout, { id: made.id, key: made.key, network, tenant });
      printLines(context.stdout, made.key);
    } catch (error) {
      // The default tenant is made by the server's first start; a fresh database has none yet.
      if (error instanceof UnknownTenantError && tenant === DEFAULT_TENANT) {
        throw new UnknownTenantError(
          `${error.message} Start the server once to make it, or name a tenant with --tenant ('ledger tenants list').`,
        );
      }
      throw error;
    }
  },
});
