import { loadMigrations, migrate as applyMigrations } from '../../storage/migrate.js';
import { defineCommand } from '../command.js';
import { printJson, printLines } from '../output.js';

export const migrate = defineCommand({
  path: ['migrate'],
  summary: 'Apply the migrations the database lacks, print them, and exit',
  description:
    'The server applies them at every start too; this is for a deployment that migrates before it starts servers.',
  options: {
    json: { type: 'boolean', description: 'Print {applied: [{version, name}], total} as JSON' },
  },
  async run(context, { options }) {
    const db = await context.database({ migrate: false });
    const versions = new Set(await applyMigrations(db));
    const migrations = await loadMigrations();
    const applied = migrations.filter((m) => versions.has(m.version)).map(({ version, name }) => ({ version, name }));
    if (options.json) return printJson(context.stdout, { applied, total: migrations.length });
    if (applied.length === 0) {
      return printLines(context.stdout, `Nothing to apply: all ${migrations.length} migrations are applied already.`);
    }
    printLines(
      context.stdout,
      ...applied.map((m) => `Applied ${m.name}`),
      `The database is up to date: ${migrations.length} migrations.`,
    );
  },
});
