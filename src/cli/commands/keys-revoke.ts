import { revokeApiKey } from '../../domain/tenancy/tenancy.service.js';
import { defineCommand } from '../command.js';
import { printJson, printLines } from '../output.js';

export const keysRevoke = defineCommand({
  path: ['keys', 'revoke'],
  args: ['<keyId>'],
  summary: "Revoke an API key for good (its id is in 'keys list')",
  description: 'Requests with the key are refused from then on; a server on the same PostgreSQL sees it at once.',
  options: {
    json: { type: 'boolean', description: 'Print the revoked key as in keys list --json' },
  },
  async run(context, { options, args: [id] }) {
    const key = await revokeApiKey(await context.ledger(), id!);
    if (options.json) return printJson(context.stdout, key);
    printLines(context.stdout, `Revoked API key ${key.id} (${key.hint}, ${key.network} of tenant '${key.tenant}').`);
  },
});
