import type { Config } from '../../../platform/config/config';
import type { Provider } from '../provider';
import { createOpenAIProvider } from './openai-provider';

/** OpenAI serves every non-fake model of the OpenAI endpoints, once its key is configured. */
export function openaiProvider(config: Config): Provider | null {
  const { baseUrl, apiKey } = config.providers.openai;
  if (!apiKey) return null;
  return createOpenAIProvider(
    'openai',
    { baseUrl, apiKey, timeoutMs: config.gateway.upstreamTimeoutMs },
    (model) => !model.startsWith('fake-') && !model.startsWith('claude'),
  );
}
