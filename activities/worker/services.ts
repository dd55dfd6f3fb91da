import { createActivities, type ActivityDeps } from '..';
import { createPlatformClients } from '../../platform/clients/platform-clients';
import type { Config } from '../../platform/config/config';

/** The worker's clients, wired from configuration by the platform's one factory. */
export function createServices(config: Config, service: string): ActivityDeps & { close(): Promise<void> } {
  return createPlatformClients(config, service);
}

export { createActivities };
