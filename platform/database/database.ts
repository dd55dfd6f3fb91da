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
  if (connection && typeof connection === 'object' && !('then' in connection))
    return { ...(connection as pg.ClientConfig), application_name: applicationName };
  throw new Error('the database handle has no static connection settings');
}

/** The part of knex's client used here: borrowing a connection from its pool. */
interface KnexConnectionPool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/**
 * Runs `work` on one raw pg connection borrowed from the handle's pool (for
 * what knex cannot express, such as named prepared statements); the pool
 * still owns the connection and gets it back afterwards.
 */
export async function withConnection<T>(db: Database, work: (connection: pg.Client) => Promise<T>): Promise<T> {
  const pool = db.client as KnexConnectionPool;
  const connection = (await pool.acquireConnection()) as pg.Client;
  try {
    return await work(connection);
  } finally {
    await pool.releaseConnection(connection);
  }
}

/**
 * Rejects when `promise` has not settled within `ms` (for database work that must not hold its caller:
 * the query itself goes on, so what it does must be safe to find done later).
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
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
