import { setApiKeyFrozenById } from '../../domain/tenancy/key-freeze.js';
import { defineCommand, type Command } from '../command.js';
import { printJson, printLines } from '../output.js';

/** `keys freeze` and `keys unfreeze`: the same command but for the flag it sets. */
function keysFreezeCommand(frozen: boolean): Command {
  const verb = frozen ? 'freeze' : 'unfreeze';
  return defineCommand({
    path: ['keys', verb],
    args: ['<keyId>'],
    summary: frozen
      ? "Freeze an API key: it may only read until unfrozen (its id is in 'keys list')"
      : 'Unfreeze a frozen API key: it may write again',
    description: frozen
      ? 'Writes with the key get 403 api.key.frozen from the next request on, on every server of the database.\nThe key can unfreeze itself with DELETE /v3/tatum/freeze; so can this command.'
      : 'The same as the key calling DELETE /v3/tatum/freeze.',
    options: {
      json: { type: 'boolean', description: 'Print the key as in keys list --json' },
    },
    async run(context, { options, args: [id] }) {
      const { key, changed } = await setApiKeyFrozenById(await context.ledger(), id!, frozen);
      if (options.json) return printJson(context.stdout, key);
      const which = `API key ${key.id} (${key.hint}, ${key.network} of tenant '${key.tenant}')`;
      if (!changed) return printLines(context.stdout, `${which} is ${frozen ? 'frozen' : 'not frozen'} already.`);
      printLines(context.stdout, frozen ? `Froze ${which}: it may only read.` : `Unfroze ${which}.`);
    },
  });
}

export const keysFreeze = keysFreezeCommand(true);
export const keysUnfreeze = keysFreezeCommand(false);
