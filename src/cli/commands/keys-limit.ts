import { setApiKeyRateLimitSetting } from '../../domain/tenancy/rate-limit-settings.js';
import { defineCommand } from '../command.js';
import { printJson, printLines } from '../output.js';
import {
  BURST_OPTION,
  describeRateLimitSetting,
  parseRateLimitSetting,
  RATE_LIMIT_VALUE,
} from './rate-limit-options.js';

export const keysLimit = defineCommand({
  path: ['keys', 'limit'],
  args: ['<keyId>', RATE_LIMIT_VALUE],
  summary: "Set one API key's rate limit: requests per second, 'off', or 'unset' (its id is in 'keys list')",
  description: [
    "The key's own limit wins over its tenant's (tenants limit) and the environment's (LEDGER_RATE_LIMIT_RPS).",
    "'off': no limit for this key; 'unset': its tenant's setting applies, else the environment's.",
    'Past the limit, calls get 429 rate.limit.exceeded with Retry-After. Running servers apply a change at',
    'their next call, as soon as the database announces it.',
  ].join('\n'),
  options: {
    burst: BURST_OPTION,
    json: {
      type: 'boolean',
      description:
        'Print {id, tenant, network, hint, rateLimit, tenantRateLimit} as JSON ({rps, burst}, "off" or null)',
    },
  },
  async run(context, { options, args: [id, value] }) {
    const setting = parseRateLimitSetting(value!, options.burst);
    const { key, tenantSetting } = await setApiKeyRateLimitSetting(await context.ledger(), id!, setting);
    if (options.json) {
      const { id: keyId, tenant, network, hint } = key;
      return printJson(context.stdout, {
        id: keyId,
        tenant,
        network,
        hint,
        rateLimit: setting,
        tenantRateLimit: tenantSetting,
      });
    }
    const below = tenantSetting === null ? 'the environment' : `its tenant's setting`;
    printLines(
      context.stdout,
      describeRateLimitSetting(
        `API key ${key.id} (${key.hint}, ${key.network} of tenant '${key.tenant}')`,
        setting,
        below,
      ),
    );
  },
});
