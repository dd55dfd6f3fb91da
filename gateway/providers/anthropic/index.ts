import type { Config } from '../../../platform/config/config';
import { createPool, type Provider } from '../provider';

export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic's Messages API: `claude*` models on `/v1/messages`. */
export function anthropicProvider(config: Config): Provider | null {
  const { baseUrl, apiKey } = config.providers.anthropic;
  if (!apiKey) return null;
  const timeoutMs = config.gateway.upstreamTimeoutMs;
  const { pool, basePath } = createPool(baseUrl, timeoutMs);
  return {
    name: 'anthropic',
    pool,
    timeoutMs,
    pathFor: (endpoint) => (endpoint === 'messages' ? `${basePath}/v1/messages` : null),
    authHeaders: (incoming) => {
      const headers: Record<string, string> = {
        'x-api-key': apiKey,
        'anthropic-version': incoming.anthropicVersion ?? DEFAULT_ANTHROPIC_VERSION,
      };
      if (incoming.anthropicBeta) headers['anthropic-beta'] = incoming.anthropicBeta;
      return headers;
    },
    servesModel: (endpoint, model) => endpoint === 'messages' && model.startsWith('claude'),
    close: () => pool.close(),
  };
}
