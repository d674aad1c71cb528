import { migrateDatabase } from '@jaga/server';
import { Command } from 'commander';
import { configFrom } from '../lib/server-config.js';

/** `jaga db migrate`: brings the database schema up to date. */
export function dbCommand(): Command {
  const db = new Command('db').description('manage the Jaga database');
  db.command('migrate')
    .description('apply pending migrations (embedded database unless DATABASE_URL is set)')
    .option(
      '-d, --data <dir>',
      'data folder of the embedded database (env JAGA_DATA, default ./.jaga/data)',
    )
    .action(async (options: { data?: string }) => {
      const applied = await migrateDatabase(configFrom({ dataDir: options.data }));
      process.stdout.write(
        applied.length === 0
          ? 'Database is up to date; no migration to apply.\n'
          : `Applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join('\n')}\n`,
      );
    });
  return db;
}
