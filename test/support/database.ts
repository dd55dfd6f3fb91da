import { randomBytes } from 'node:crypto';
import { createDatabase, type Database } from '../../platform/database/database';
import { migrateToLatest } from '../../platform/database/migrations';

export interface TestDatabase {
  db: Database;
  url: string;
  /** A superuser connection string to the same database (for tamper tests). */
  adminUrl: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh, migrated database for one test file, on the shared test server
 * (`npm test` provides it; outside it, DATABASE_URL is used and migrated).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminBase = process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL;
  if (!adminBase)
    throw new Error(
      'Run tests through `npm test`, or set DATABASE_URL to a Postgres server the tests may create databases on.',
    );
  const template = process.env.TEST_DATABASE_TEMPLATE;
  const name = `autrace_test_${randomBytes(6).toString('hex')}`;
  const admin = createDatabase({ url: adminBase, poolMax: 1 });
  try {
    await admin.raw(template ? `create database ${name} template ${template}` : `create database ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = withDatabase(adminBase, name);
  const db = createDatabase({ url, poolMax: 10, applicationName: 'autrace-test' });
  if (!template) await migrateToLatest(db);
  return {
    db,
    url,
    adminUrl: url,
    async drop() {
      await db.destroy();
      const cleanup = createDatabase({ url: adminBase, poolMax: 1 });
      try {
        await cleanup.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.destroy();
      }
    },
  };
}
