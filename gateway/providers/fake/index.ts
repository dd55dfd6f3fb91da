import type { Config } from '../../../platform/config/config';
import { createPool, type Endpoint, type Provider } from '../provider';

const FAKE_PATHS: Record<Endpoint, string> = {
  chat: '/v1/chat/completions',
  responses: '/v1/responses',
  embeddings: '/v1/embeddings',
  messages: '/v1/messages',
  models: '/v1/models',
};

/** The local fake upstream (tests and the offline demo): every `fake-*` model, both wire formats. */
export function fakeProvider(config: Config): Provider | null {
  const { baseUrl } = config.providers.fake;
  if (!baseUrl) return null;
  const timeoutMs = config.gateway.upstreamTimeoutMs;
  const { pool, basePath } = createPool(baseUrl, timeoutMs);
  return {
    name: 'fake',
    pool,
    timeoutMs,
    pathFor: (endpoint) => basePath + FAKE_PATHS[endpoint],
    // Passes on the provider headers the gateway lets through, as the Anthropic provider does, so tests see them.
    authHeaders: (incoming): Record<string, string> =>
      incoming.anthropicBeta ? { 'anthropic-beta': incoming.anthropicBeta } : {},
    // fake-claude-… speaks only the Anthropic format and fake-gpt-… only OpenAI's, so tests reach the translation.
    servesModel: (endpoint, model) =>
      model.startsWith('fake-claude')
        ? endpoint === 'messages'
        : model.startsWith('fake-gpt')
          ? endpoint !== 'messages'
          : model.startsWith('fake-'),
    close: () => pool.close(),
  };
}

export { startFakeProvider } from './fake-server';
export type { FakeProvider, RecordedRequest } from './fake-server';
