import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';

const migrationsDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

const migratorConfig = {
  directory: migrationsDirectory,
  loadExtensions: ['.ts'],
  tableName: 'knex_migrations',
};

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
    Array<{ file: string }>,
  ];
  return { completed: completed.map((m) => m.name), pending: pending.map((m) => m.file) };
}
