import { NETWORKS, type Network } from '../../domain/ledger.js';
import { operatorScope, DEFAULT_TENANT } from '../../domain/tenancy/tenancy.service.js';
import type { Database } from '../../storage/database.js';
import type { OptionSpec } from '../command.js';

/** Which ledger a customers or webhooks command addresses: the options each of them takes. */
export const ledgerOptions = {
  tenant: { type: 'string', value: '<name>', default: DEFAULT_TENANT, description: 'The tenant' },
  network: {
    type: 'string',
    choices: NETWORKS,
    default: 'testnet',
    description: "The tenant's ledger (each API key addresses one of the two)",
  },
} as const satisfies Record<string, OptionSpec>;

export async function ledgerOf(db: Database, options: { tenant?: string; network?: string }) {
  return operatorScope(db, options.tenant ?? DEFAULT_TENANT, (options.network ?? 'testnet') as Network);
}

export function describeLedger(options: { tenant?: string; network?: string }): string {
  return `tenant '${options.tenant ?? DEFAULT_TENANT}', ${options.network ?? 'testnet'} ledger`;
}
