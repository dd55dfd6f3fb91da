import knex, { type Knex } from 'knex';
import pg from 'pg';

// Postgres BIGINT (counts, sequence IDs) fits in a JS number for our ranges; parse it as one.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export type Database = Knex;

export interface DatabaseOptions {
  url: string;
  poolMax?: number;
  /** Name shown in pg_stat_activity, e.g. "autrace-gateway". */
  applicationName?: string;
}

export function createDatabase({ url, poolMax = 10, applicationName = 'autrace' }: DatabaseOptions): Database {
  return knex({
    client: 'pg',
    connection: { connectionString: url, application_name: applicationName },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 10_000,
  });
}

/** The connection settings of a database handle, for a dedicated client outside its pool (LISTEN). */
export function connectionSettings(db: Database, applicationName: string): pg.ClientConfig {
  const { connection } = (db.client as { config: Knex.Config }).config;
  if (typeof connection === 'string') return { connectionString: connection, application_name: applicationName };
  if (connection && typeof connection === 'object' && !('then' in connection)) return { ...(connection as pg.ClientConfig), application_name: applicationName };
  throw new Error('the database handle has no static connection settings');
}

/** True when the database answers a trivial query within the timeout. */
export async function databaseIsReachable(db: Database, timeoutMs = 2_000): Promise<boolean> {
  try {
    await db.raw('select 1').timeout(timeoutMs, { cancel: true });
    return true;
  } catch {
    return false;
  }
}
