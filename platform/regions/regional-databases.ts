import type { Config, Region } from '../config/config';
import { REGIONS } from '../config/config';
import { createDatabase, type Database } from '../database/database';

/**
 * One handle per distinct database URL: regions configured onto the same database (the default, and
 * development) share one pool, so a single-database deployment opens no more connections than before.
 */
export interface RegionalDatabases {
  primaryRegion: Region;
  /** The primary region's database: what belongs to no account (operators, the privacy center, announcements). */
  primary: Database;
  /** The global directory's database (platform/regions/directory.ts). */
  directory: Database;
  /** The database holding the accounts homed in `region`. */
  of(region: Region): Database;
  /** Each distinct database of the regions this process serves, the primary's first. */
  all(): Database[];
  /** Whether two regions' rows live in one database (a move between them is then a change of one column). */
  sameDatabase(a: Region, b: Region): boolean;
  close(): Promise<void>;
}

export interface GivenDatabases {
  /** Handles the caller holds (and closes), by URL: tests pass the per-file databases. */
  byUrl?: ReadonlyMap<string, Database>;
}

export function createRegionalDatabases(
  config: Config,
  applicationName: string,
  regions: readonly Region[] = REGIONS,
  given: GivenDatabases = {},
): RegionalDatabases {
  const handles = new Map<string, Database>();
  const owned: Database[] = [];
  const handleFor = (url: string): Database => {
    let db = handles.get(url) ?? given.byUrl?.get(url);
    if (!db) {
      db = createDatabase({ url, poolMax: config.database.poolMax, applicationName });
      owned.push(db);
    }
    handles.set(url, db);
    return db;
  };
  const { databases, primary: primaryRegion } = config.regions;
  const primary = handleFor(databases[primaryRegion].url);
  for (const region of regions) handleFor(databases[region].url);
  const directory = handleFor(config.regions.directory.url);
  return {
    primaryRegion,
    primary,
    directory,
    of(region) {
      const db = handles.get(databases[region].url);
      // A process serving some regions (WORKER_REGIONS) has no handle on the others' databases.
      if (!db) throw new Error(`this process does not serve region ${region}`);
      return db;
    },
    all: () => [...new Set([primary, ...regions.map((region) => handles.get(databases[region].url) ?? primary)])],
    sameDatabase: (a, b) => databases[a].url === databases[b].url,
    async close() {
      await Promise.all(owned.map((db) => db.destroy()));
    },
  };
}

/**
 * The regions grouped by the database that holds them, the primary's group first: work that reaches
 * every region's users (announcements, policy notices) scans each database once, on its first region's
 * task queue, taking the users of all the group's regions.
 */
export function regionsByDatabase(config: Config): Region[][] {
  const { databases, primary } = config.regions;
  const groups = new Map<string, Region[]>();
  for (const region of [primary, ...REGIONS.filter((r) => r !== primary)]) {
    const url = databases[region].url;
    groups.set(url, [...(groups.get(url) ?? []), region]);
  }
  return [...groups.values()];
}

/** Each distinct regional database once, with its migration URL (migrate-cli runs every one of them). */
export function distinctMigrationUrls(config: Config): string[] {
  const urls = REGIONS.map((region) => config.regions.databases[region].migrationUrl);
  urls.push(config.regions.directory.migrationUrl);
  return [...new Set(urls)];
}
