import { loadConfig, type Config } from '../../platform/config/config';
import { createDatabase, type Database } from '../../platform/database/database';

/** What commands share: configuration and a database connection opened on first use and closed at exit. */
export interface CliContext {
  config(): Config;
  db(): Database;
  close(): Promise<void>;
}

export function createCliContext(): CliContext {
  let config: Config | null = null;
  let db: Database | null = null;
  const getConfig = () => (config ??= loadConfig());
  return {
    config: getConfig,
    db: () => (db ??= createDatabase({ url: getConfig().database.url, poolMax: 4, applicationName: 'autrace-cli' })),
    async close() {
      await db?.destroy();
    },
  };
}

/** Prints `data` as JSON with --json, otherwise the human-readable lines. */
export function output(json: boolean | undefined, data: unknown, human: () => string): void {
  process.stdout.write(`${json ? JSON.stringify(data, null, 2) : human()}\n`);
}

/** The audit actor of CLI changes: run by an admin or operator on a machine with database access. */
export const CLI_ACTOR = { actorType: 'system', actorId: 'cli' } as const;
