import type { Config } from '../../platform/config/config';
import type { Database } from '../../platform/database/database';
import type { Logger } from '../../platform/observability/logger';
import { createNetworkGuard } from '../../platform/provider-connections/network-guard';
import type { KeyChangeFeed } from '../auth/key-changes';
import type { AliasRoute } from '../routing/alias-route';
import { createRouter, type Router } from '../routing/router';
import { anthropicProvider } from './anthropic';
import { createAccountConnections, type AccountConnections } from './connections/account-connections';
import { fakeProvider } from './fake';
import { openaiProvider } from './openai';
import { openaiCompatibleProvider } from './openai-compatible';
import type { Endpoint, Provider } from './provider';

/**
 * The platform's providers (keys from the environment), by name, in routing
 * order: the first that serves a model gets the request. A new provider is a
 * folder plus one line here. The operator can switch them off
 * (PLATFORM_PROVIDERS_ENABLED=false); the fake upstream is for development and
 * tests and follows FAKE_PROVIDER_URL alone.
 */
const PLATFORM_PROVIDER_FACTORIES: Array<(config: Config) => Provider | null> = [
  anthropicProvider,
  openaiCompatibleProvider,
  openaiProvider,
];

export interface ProviderRegistry {
  /** The platform's providers (the default for accounts without a connection serving the model). */
  providers: readonly Provider[];
  connections: AccountConnections;
  /** Retries, fallbacks and circuit breakers for the targets of model aliases (gateway/routing/). */
  router: Router;
  /** The account's alias of that name, else its own connection for the model, else the platform's provider, else null. */
  resolve(endpoint: Endpoint, model: string, accountId: string): Promise<Provider | AliasRoute | null>;
  close(): Promise<void>;
}

export function createProviderRegistry(deps: {
  config: Config;
  db: Database;
  logger: Logger;
  changes?: KeyChangeFeed;
}): ProviderRegistry {
  const { config } = deps;
  const factories = [fakeProvider, ...(config.providers.platformEnabled ? PLATFORM_PROVIDER_FACTORIES : [])];
  const providers = factories.map((factory) => factory(config)).filter((p): p is Provider => p !== null);
  const connections = createAccountConnections({
    db: deps.db,
    masterKey: config.keys.master,
    logger: deps.logger,
    guard: createNetworkGuard(config.providers.network),
    timeoutMs: config.gateway.upstreamTimeoutMs,
    ...(deps.changes ? { changes: deps.changes } : {}),
  });
  const router = createRouter(config.routing, {
    onBreakerOpen: (target) => deps.logger.warn({ target }, 'routing target failing: circuit open'),
  });
  function platformProvider(endpoint: Endpoint, model: string): Provider | null {
    for (const provider of providers) if (provider.servesModel(endpoint, model)) return provider;
    return null;
  }
  return {
    providers,
    connections,
    router,
    async resolve(endpoint, model, accountId) {
      return (await connections.resolve(accountId, endpoint, model)) ?? platformProvider(endpoint, model);
    },
    async close() {
      await Promise.all([...providers.map((p) => p.close()), connections.close()]);
    },
  };
}
