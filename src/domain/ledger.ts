export type Network = 'mainnet' | 'testnet';
export const NETWORKS: readonly Network[] = ['mainnet', 'testnet'];

/** Who is calling: resolved from the API key, and the only scope any query runs in. */
export interface LedgerScope {
  ledgerId: string;
  network: Network;
  tenantId: string;
  apiKeyId: string;
}
