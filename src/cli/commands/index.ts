import type { Command } from '../command.js';
import { keysCreate } from './keys-create.js';
import { keysList } from './keys-list.js';
import { keysRevoke } from './keys-revoke.js';
import { tenantsCreate } from './tenants-create.js';
import { tenantsList } from './tenants-list.js';

/** Every command, in the order help lists them; a new command is one file and one line here. */
export const COMMANDS: readonly Command[] = [tenantsCreate, tenantsList, keysCreate, keysList, keysRevoke];
