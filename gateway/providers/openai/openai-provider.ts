import { createPool, type Endpoint, type Provider, type ProviderSettings } from '../provider';

export const OPENAI_PATHS: Partial<Record<Endpoint, string>> = {
  chat: '/chat/completions',
  responses: '/responses',
  embeddings: '/embeddings',
  models: '/models',
};

/** OpenAI, or any server speaking its wire format under a base URL that ends where `/chat/completions` begins. */
export function createOpenAIProvider(
  name: string,
  settings: ProviderSettings,
  servesModel: (model: string) => boolean,
): Provider {
  const { pool, basePath } = createPool(settings.baseUrl, settings.timeoutMs);
  const auth: Record<string, string> = settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {};
  return {
    name,
    pool,
    timeoutMs: settings.timeoutMs,
    pathFor: (endpoint) => {
      const path = OPENAI_PATHS[endpoint];
      return path ? basePath + path : null;
    },
    authHeaders: () => auth,
    servesModel: (endpoint, model) => endpoint !== 'messages' && servesModel(model),
    close: () => pool.close(),
  };
}
