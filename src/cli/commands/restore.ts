import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkLedgers } from '../../domain/balances/ledger-check.js';
import { lockDataDir } from '../../storage/data-dir-lock.js';
import { migrate, loadMigrations } from '../../storage/migrate.js';
import { dataDirEntries, restoreBackup } from '../../storage/data-dir-backup.js';
import { defineCommand } from '../command.js';
import { printJson, printLines } from '../output.js';
import { dataDirOf, onPostgres } from './backup.js';
import { reportCheck } from './check.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const restore = defineCommand({
  path: ['restore'],
  args: ['<file>'],
  summary: "Bring a backup made by 'ledger backup' into an empty PGlite data folder, then check it",
  description: [
    'Only into an empty or absent folder (LEDGER_DATA_DIR): a folder that holds anything is refused,',
    'and left as it is. The database is then opened as the server opens it, migrated if the backup came',
    'from an older build, and what it holds is printed (ledgers, customers, accounts, records, API keys),',
    "followed by 'ledger check': exit code 1 when an invariant is broken. Start the server on the folder",
    'afterwards. On PostgreSQL (DATABASE_URL), use pg_restore: see the README.',
  ].join('\n'),
  options: {
    json: {
      type: 'boolean',
      description: 'Print {file, dataDir, applied: [name], holds, accounts, records, ledgers} as JSON',
    },
  },
  async run(context, { args: [given], options }) {
    const dataDir = dataDirOf(context);
    if (dataDir === undefined) return onPostgres(context, 'restore');
    const file = resolve(given!);
    if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`No backup at ${file}.`);

    // The lock first: a server starting on the folder meanwhile would find it empty and make a database.
    const lock = lockDataDir(dataDir);
    try {
      const present = await dataDirEntries(dataDir);
      if (present.length > 0) {
        throw new Error(
          `The data folder ${dataDir} is not empty (it holds ${present.slice(0, 3).join(', ')}` +
            `${present.length > 3 ? ', …' : ''}): a backup is restored only into an empty or absent folder. ` +
            'Set LEDGER_DATA_DIR to a new folder.',
        );
      }
      await restoreBackup(file, dataDir);
      // Imported here, as connect.ts does: commands on PostgreSQL never load PGlite.
      const { openPglite } = await import('../../storage/pglite.js');
      const db = await openPglite({ dataDir });
      try {
        const versions = new Set(await migrate(db));
        const applied = (await loadMigrations()).filter((m) => versions.has(m.version)).map((m) => m.name);
        const ledgers = await checkLedgers(db);
        const sum = (pick: (ledger: (typeof ledgers)[number]) => number) =>
          ledgers.reduce((total, ledger) => total + pick(ledger), 0);
        if (options.json) {
          const holds = ledgers.every((ledger) => ledger.breaks.length === 0);
          printJson(context.stdout, {
            file,
            dataDir,
            applied,
            holds,
            accounts: sum((l) => l.accounts),
            records: sum((l) => l.records),
            ledgers,
          });
          return holds ? 0 : 1;
        }
        printLines(
          context.stdout,
          `Restored ${file} into ${dataDir}.`,
          ...applied.map((name) => `Applied ${name}, which the backup lacked.`),
          `It holds ${plural(ledgers.length, 'ledger')}: ${plural(
            sum((l) => l.customers),
            'customer',
          )}, ` +
            `${plural(
              sum((l) => l.accounts),
              'account',
            )}, ${plural(
              sum((l) => l.records),
              'transaction record',
            )}, ` +
            `${plural(
              sum((l) => l.keys),
              'API key',
            )}.`,
        );
        return reportCheck(context.stdout, ledgers, false) ? 0 : 1;
      } finally {
        await db.close();
      }
    } finally {
      lock.release();
    }
  },
});
