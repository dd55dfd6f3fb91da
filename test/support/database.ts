import { randomBytes } from 'node:crypto';
import { createDatabase, type Database } from '../../platform/database/database';
import {
  APPLICATION_ROLE,
  ensureLocalDatabaseRoles,
  OWNER_ROLE,
  urlForRole,
} from '../../platform/database/database-roles';
import { migrateToLatest } from '../../platform/database/migrations';

export interface TestDatabase {
  /** A superuser handle, for fixtures and tamper tests. */
  db: Database;
  /** The application role's handle: what the services connect with. */
  appDb: Database;
  /** The application role's connection string (DATABASE_URL of the services under test). */
  url: string;
  /** A superuser connection string to the same database (for tamper tests and migrations). */
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
    // `npm test` created the roles once for the run; outside it, this run does.
    if (!template) await ensureLocalDatabaseRoles(admin);
    await admin.raw(`create database ${name}${template ? ` template ${template}` : ''} owner ${OWNER_ROLE}`);
  } finally {
    await admin.destroy();
  }
  const adminUrl = withDatabase(adminBase, name);
  if (!template) {
    const owner = createDatabase({ url: urlForRole(adminUrl, OWNER_ROLE), poolMax: 1 });
    await migrateToLatest(owner).finally(() => owner.destroy());
  }
  const db = createDatabase({ url: adminUrl, poolMax: 10, applicationName: 'autrace-test' });
  const url = urlForRole(adminUrl, APPLICATION_ROLE);
  const appDb = createDatabase({ url, poolMax: 10, applicationName: 'autrace-test-app' });
  return {
    db,
    appDb,
    url,
    adminUrl,
    async drop() {
      await appDb.destroy();
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
