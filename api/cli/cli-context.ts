import { loadConfig, type Config } from '../../platform/config/config';
import { createDatabase, type Database } from '../../platform/database/database';

/** What commands share: configuration, a database connection opened on first use, and where output goes. */
export interface CliContext {
  config(): Config;
  db(): Database;
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
  const env = options.env ?? process.env;
  const getConfig = () => (config ??= loadConfig(env));
  return {
    config: getConfig,
    db: () => (db ??= createDatabase({ url: getConfig().database.url, poolMax: 4, applicationName: 'autrace-cli' })),
    write: options.write ?? ((text) => process.stdout.write(text)),
    secretFromEnv: (name) => {
      const value = env[name]?.trim();
      return value ? value : undefined;
    },
    exitCode: 0,
    async close() {
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
