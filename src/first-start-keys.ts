import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { StartupKeys } from './domain/tenancy/tenancy.service.js';

/**
 * Writes the keys made at first start to `path`, readable and writable by the owner only (0600), and
 * returns the absolute path. Keys never go into the log stream: a log shipper would keep them. An
 * existing file is replaced, and its mode narrowed, because keys are made only when none exist.
 */
export async function writeFirstStartKeys(path: string, keys: StartupKeys): Promise<string> {
  const absolute = resolve(path);
  const file = await open(absolute, 'w', 0o600);
  try {
    await file.chmod(0o600);
    await file.writeFile(`mainnet: ${keys.mainnet}\ntestnet: ${keys.testnet}\n`);
  } finally {
    await file.close();
  }
  return absolute;
}
