import { ApiError } from '../errors/api-error';
import { loadConfig, type Config } from '../../platform/config/config';
import { createDatabase, type Database } from '../../platform/database/database';
import { regionOfAccount } from '../../platform/regions/directory';
import { createRegionalDatabases, type RegionalDatabases } from '../../platform/regions/regional-databases';

/** What commands share: configuration, a database connection opened on first use, and where output goes. */
export interface CliContext {
  config(): Config;
  /** The primary region's database. */
  db(): Database;
  /** Every region's database and the directory's (the primary's handle is `db()`'s). */
  regions(): RegionalDatabases;
  /** The database holding the account: its home region's, as the directory says (the primary's when it is not listed). */
  accountDb(accountId: string): Promise<Database>;
  write(text: string): void;
  /** A secret handed over in an environment variable, so it is in no argv, process list or shell history. */
  secretFromEnv(name: string): string | undefined;
  /** Non-zero marks the run as failed without an error (e.g. `audit verify` on a broken chain). */
  exitCode: number;
  close(): Promise<void>;
}

export function createCliContext(
  options: { env?: Record<string, string | undefined>; write?: (text: string) => void } = {},
): CliContext {
  let config: Config | null = null;
  let db: Database | null = null;
  let regions: RegionalDatabases | null = null;
  const env = options.env ?? process.env;
  const getConfig = () => (config ??= loadConfig(env));
  const getDb = () =>
    (db ??= createDatabase({ url: getConfig().database.url, poolMax: 4, applicationName: 'autrace-cli' }));
  const getRegions = () =>
    (regions ??= createRegionalDatabases(getConfig(), 'autrace-cli', undefined, {
      byUrl: new Map([[getConfig().database.url, getDb()]]),
    }));
  return {
    config: getConfig,
    db: getDb,
    regions: getRegions,
    async accountDb(accountId) {
      const region = await regionOfAccount(getRegions().directory, accountId);
      return region ? getRegions().of(region) : getDb();
    },
    write: options.write ?? ((text) => process.stdout.write(text)),
    secretFromEnv: (name) => {
      const value = env[name]?.trim();
      return value ? value : undefined;
    },
    exitCode: 0,
    async close() {
      await regions?.close();
      await db?.destroy();
    },
  };
}

let activeWrite: (text: string) => void = (text) => process.stdout.write(text);

/** runCli points output() at the running invocation's writer (one invocation at a time). */
export function setOutputWriter(write: (text: string) => void): void {
  activeWrite = write;
}

/** Prints `data` as JSON with --json, otherwise the human-readable lines. */
export function output(json: boolean | undefined, data: unknown, human: () => string): void {
  activeWrite(`${json ? JSON.stringify(data, null, 2) : human()}\n`);
}

/** The audit actor of CLI changes: run by an admin or operator on a machine with database access. */
export const CLI_ACTOR = { actorType: 'system', actorId: 'cli' } as const;

/** Operators act in their own name: the CLI checks the ID is an operator's, so the evidence trail names a person. */
export async function requireOperator(context: CliContext, id: string): Promise<void> {
  const user = await context.db()('users').select('role').where({ id }).first();
  if (user?.role !== 'operator') throw new ApiError('FORBIDDEN', '--operator must be the user ID of an operator');
}
