import type { Command } from '../command.js';
import { backup } from './backup.js';
import { check } from './check.js';
import { credits } from './credits.js';
import { importLedger } from './import.js';
import { keysCreate } from './keys-create.js';
import { keysFreeze, keysUnfreeze } from './keys-freeze.js';
import { keysLimit } from './keys-limit.js';
import { keysList } from './keys-list.js';
import { keysRevoke } from './keys-revoke.js';
import { customersList } from './customers-list.js';
import { customersShow } from './customers-show.js';
import { migrate } from './migrate.js';
import { restore } from './restore.js';
import { serve } from './serve.js';
import { tenantsCreate } from './tenants-create.js';
import { tenantsLimit } from './tenants-limit.js';
import { tenantsList } from './tenants-list.js';
import { tenantsQuota } from './tenants-quota.js';
import { webhooksList } from './webhooks-list.js';
import { webhooksRetry } from './webhooks-retry.js';

/** Every command, in the order help lists them; a new command is one file and one line here. */
export const COMMANDS: readonly Command[] = [
  serve,
  migrate,
  check,
  backup,
  restore,
  tenantsCreate,
  tenantsList,
  tenantsQuota,
  tenantsLimit,
  keysCreate,
  keysList,
  keysRevoke,
  keysFreeze,
  keysUnfreeze,
  keysLimit,
  credits,
  customersList,
  customersShow,
  webhooksList,
  webhooksRetry,
  importLedger,
];
