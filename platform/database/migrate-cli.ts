import { loadConfig } from '../config/config';
import { createLogger } from '../observability/logger';
import { createDatabase } from './database';
import { migrateToLatest } from './migrations';

const config = loadConfig();
const logger = createLogger(config, 'migrate');
const db = createDatabase({ url: config.database.migrationUrl, applicationName: 'autrace-migrate' });
try {
  const applied = await migrateToLatest(db);
  logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema is up to date');
} finally {
  await db.destroy();
}
