import { setTenantRateLimitSetting } from '../../domain/tenancy/rate-limit-settings.js';
import { defineCommand } from '../command.js';
import { printJson, printLines } from '../output.js';
import {
  BURST_OPTION,
  describeRateLimitSetting,
  parseRateLimitSetting,
  RATE_LIMIT_VALUE,
} from './rate-limit-options.js';

export const tenantsLimit = defineCommand({
  path: ['tenants', 'limit'],
  args: ['<name>', RATE_LIMIT_VALUE],
  summary: "Set the rate limit of a tenant's keys: requests per second, 'off', or 'unset'",
  description: [
    "Every key of the tenant gets its own token bucket of this size; a key's own limit (keys limit) wins.",
    "'off': no limit, even when LEDGER_RATE_LIMIT_RPS sets one; 'unset': LEDGER_RATE_LIMIT_RPS applies (none",
    'by default). Past the limit, calls get 429 rate.limit.exceeded with Retry-After. Running servers apply',
    'a change at their next call, as soon as the database announces it. While any limit is set, unknown API',
    'keys are limited per client address (README, Rate limits).',
  ].join('\n'),
  options: {
    burst: BURST_OPTION,
    json: {
      type: 'boolean',
      description: 'Print {tenant, rateLimit} as JSON (rateLimit: {rps, burst}, "off" or null)',
    },
  },
  async run(context, { options, args: [name, value] }) {
    const setting = parseRateLimitSetting(value!, options.burst);
    await setTenantRateLimitSetting(await context.ledger(), name!, setting);
    if (options.json) return printJson(context.stdout, { tenant: name, rateLimit: setting });
    printLines(context.stdout, describeRateLimitSetting(`Each key of tenant '${name}'`, setting, 'the environment'));
  },
});
