import { createActivities, type ActivityDeps } from '..';
import { createPlatformClients } from '../../platform/clients/platform-clients';
import type { Config, Region } from '../../platform/config/config';
import { createRegionalDatabases, type GivenDatabases } from '../../platform/regions/regional-databases';

/** The worker's clients, wired from configuration by the platform's one factory. */
export function createServices(config: Config, service: string): ActivityDeps & { close(): Promise<void> } {
  return createPlatformClients(config, service);
}

export interface RegionalServices {
  /** The clients shared by every region (storage, mailer, Stripe, logger), bound to the first region served. */
  shared: ActivityDeps;
  /** The activities' deps for one region served: its database as `db` (its bucket is chosen by region). */
  of(region: Region): ActivityDeps;
  /** One deps per distinct database served (for work that scans a whole database once). */
  distinct(): ActivityDeps[];
  close(): Promise<void>;
}

/**
 * Clients for a worker serving `served` regions: a region's activities see only its database as `db`.
 * Handles on other regions' databases are not opened; the primary region's and the directory's are
 * (without connecting until used) because a few activities write the directory.
 */
export function createRegionalServices(
  config: Config,
  service: string,
  served: readonly Region[],
  given: GivenDatabases = {},
): RegionalServices {
  const [first] = served;
  if (!first) throw new Error('a worker serves at least one region');
  const regions = createRegionalDatabases(config, `autrace-${service}`, served, given);
  const { close: closeClients, ...shared } = createPlatformClients(config, service, { db: regions.of(first), regions });
  const byRegion = new Map(served.map((region) => [region, { ...shared, db: regions.of(region) }]));
  return {
    shared,
    of(region) {
      const deps = byRegion.get(region);
      if (!deps) throw new Error(`this worker does not serve region ${region}`);
      return deps;
    },
    distinct: () => [...new Map([...byRegion.values()].map((deps) => [deps.db, deps])).values()],
    async close() {
      await closeClients();
      await regions.close();
    },
  };
}

export { createActivities };
