import type { Config } from '../../../platform/config/config';
import { createOpenAIProvider } from '../openai/openai-provider';
import type { Provider } from '../provider';

/**
 * Any OpenAI-compatible server (vLLM, Ollama, Together, Azure-style proxies…).
 * When configured it takes the OpenAI endpoints' models ahead of OpenAI itself.
 */
export function openaiCompatibleProvider(config: Config): Provider | null {
  const { baseUrl, apiKey } = config.providers.openaiCompatible;
  if (!baseUrl) return null;
  return createOpenAIProvider(
    'openai-compatible',
    { baseUrl, apiKey, timeoutMs: config.gateway.upstreamTimeoutMs },
    (model) => !model.startsWith('fake-') && !model.startsWith('claude'),
  );
}
