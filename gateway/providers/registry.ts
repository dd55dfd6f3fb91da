import type { Config } from '../../platform/config/config';
import { anthropicProvider } from './anthropic';
import { fakeProvider } from './fake';
import { openaiProvider } from './openai';
import { openaiCompatibleProvider } from './openai-compatible';
import type { Endpoint, Provider } from './provider';

/**
 * Every provider, by name, in routing order: the first that serves a model
 * gets the request. A new provider is a folder plus one line here.
 */
const PROVIDER_FACTORIES: Array<(config: Config) => Provider | null> = [
  fakeProvider,
  anthropicProvider,
  openaiCompatibleProvider,
  openaiProvider,
];

export interface ProviderRegistry {
  providers: readonly Provider[];
  resolve(endpoint: Endpoint, model: string): Provider | null;
  close(): Promise<void>;
}

export function createProviderRegistry(config: Config): ProviderRegistry {
  const providers = PROVIDER_FACTORIES.map((factory) => factory(config)).filter((p): p is Provider => p !== null);
  return {
    providers,
    resolve(endpoint, model) {
      for (const provider of providers) if (provider.servesModel(endpoint, model)) return provider;
      return null;
    },
    async close() {
      await Promise.all(providers.map((p) => p.close()));
    },
  };
}
