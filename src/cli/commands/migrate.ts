import { loadMigrations, migrate as applyMigrations, pendingMigrations } from '../../storage/migrate.js';
import { defineCommand } from '../command.js';
import { printJson, printLines } from '../output.js';

export const migrate = defineCommand({
  path: ['migrate'],
  summary: 'Apply the migrations the database lacks, print them, and exit',
  description:
    'The server applies them at every start too; this is for a deployment that migrates before it starts servers. ' +
    'A database a newer version has migrated, or whose applied migrations were edited since, is refused (exit code 1).',
  options: {
    'dry-run': { type: 'boolean', description: 'Print what would be applied, and change nothing' },
    json: {
      type: 'boolean',
      description: 'Print {applied: [{version, name}], total} as JSON ({pending: …} with --dry-run)',
    },
  },
  async run(context, { options }) {
    const db = await context.database({ migrate: false });
    const migrations = await loadMigrations();
    const total = migrations.length;
    if (options['dry-run']) {
      const pending = (await pendingMigrations(db)).map(({ version, name }) => ({ version, name }));
      if (options.json) return printJson(context.stdout, { pending, total });
      if (pending.length === 0) {
        return printLines(context.stdout, `Nothing to apply: all ${total} migrations are applied already.`);
      }
      return printLines(
        context.stdout,
        ...pending.map((m) => `Would apply ${m.name}`),
        `Dry run, nothing changed: ${pending.length} of ${total} migrations to apply.`,
      );
    }
    const versions = new Set(await applyMigrations(db));
    const applied = migrations.filter((m) => versions.has(m.version)).map(({ version, name }) => ({ version, name }));
    if (options.json) return printJson(context.stdout, { applied, total });
    if (applied.length === 0) {
      return printLines(context.stdout, `Nothing to apply: all ${total} migrations are applied already.`);
    }
    printLines(
      context.stdout,
      ...applied.map((m) => `Applied ${m.name}`),
      `The database is up to date: ${total} migrations.`,
    );
  },
});
