import { UsageError } from '../command.js';

/** A quota as the command line gives it: a whole number of credits, or `none`. Throws UsageError. */
export function parseQuota(value: string, what: string): number | null {
  if (value === 'none') return null;
  const credits = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(credits)) {
    throw new UsageError(`${what} must be a whole number of credits or 'none', not '${value}'`);
  }
  return credits;
}

/** One line an operator reads: what the tenant may consume. */
export function describeQuota(tenant: string, quota: number | null): string {
  return quota === null
    ? `Tenant '${tenant}' has no monthly credit quota.`
    : `Tenant '${tenant}' may consume ${quota} credits a month (UTC calendar month, both ledgers); past that, calls get 403 credits.quota.exceeded.`;
}
