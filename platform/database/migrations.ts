import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import type { Database } from './database';

const here = path.dirname(fileURLToPath(import.meta.url));
// From source (tsx) the migrations are ../../migrations/*.ts; the production build
// (scripts/build.ts) compiles them to migrations/*.js beside the bundle that holds this code.
const fromSource = import.meta.url.endsWith('.ts');
const migrationsDirectory = fromSource ? path.resolve(here, '../../migrations') : path.join(here, 'migrations');
const extension = fromSource ? '.ts' : '.js';

interface MigrationFile {
  /** The name recorded in knex_migrations: the source file's, so built and source runs agree on what ran. */
  name: string;
  file: string;
}

const migrationSource: Knex.MigrationSource<MigrationFile> = {
  async getMigrations() {
    const files = (await readdir(migrationsDirectory)).filter((file) => file.endsWith(extension)).sort();
    return files.map((file) => ({
      name: `${file.slice(0, -extension.length)}.ts`,
      file: path.join(migrationsDirectory, file),
    }));
  },
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => (await import(pathToFileURL(migration.file).href)) as Knex.Migration,
};

const migratorConfig = { migrationSource, tableName: 'knex_migrations' };

export async function migrateToLatest(db: Database): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migratorConfig)) as [number, string[]];
  return applied;
}

/** Rolls back every migration (used by the migration test; never by the product). */
export async function rollbackAll(db: Database): Promise<string[]> {
  const [, rolledBack] = (await db.migrate.rollback(migratorConfig, true)) as [number, string[]];
  return rolledBack;
}

export async function listMigrations(db: Database): Promise<{ completed: string[]; pending: string[] }> {
  const [completed, pending] = (await db.migrate.list(migratorConfig)) as [
    Array<{ name: string }>,
    Array<{ name: string }>,
  ];
  return { completed: completed.map((m) => m.name), pending: pending.map((m) => m.name) };
}
