import { loadConfig } from '../config/config';
import { createLogger } from '../observability/logger';
import { distinctMigrationUrls } from '../regions/regional-databases';
import { createDatabase } from './database';
import { migrateToLatest } from './migrations';

/** Migrates every distinct database: each region's, and the directory's when it has its own. */
const config = loadConfig();
const logger = createLogger(config, 'migrate');
for (const url of distinctMigrationUrls(config)) {
  const db = createDatabase({ url, applicationName: 'autrace-migrate' });
  try {
    const applied = await migrateToLatest(db);
    const database = new URL(url).pathname.slice(1);
    logger.info({ database, applied }, applied.length ? 'migrations applied' : 'database schema is up to date');
  } finally {
    await db.destroy();
  }
}
