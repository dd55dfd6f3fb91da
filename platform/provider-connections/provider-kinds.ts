/**
 * The kinds of provider an account can connect, and what each one implies:
 * the wire format the gateway speaks to it, where it lives unless told
 * otherwise, and which models it serves unless the account lists them.
 */
export const PROVIDER_KINDS = ['openai', 'anthropic', 'azure-openai', 'openai-compatible'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface ProviderKindDefaults {
  wireFormat: 'openai' | 'anthropic';
  /** NULL: the account must give one (an Azure resource, a self-hosted server). */
  baseUrl: string | null;
  models: readonly string[];
  /** Whether a connection of this kind needs a key (a local vLLM or Ollama may take none). */
  keyRequired: boolean;
}

export const PROVIDER_KIND_DEFAULTS: Record<ProviderKind, ProviderKindDefaults> = {
  openai: { wireFormat: 'openai', baseUrl: 'https://api.openai.com/v1', models: ['*'], keyRequired: true },
  anthropic: { wireFormat: 'anthropic', baseUrl: 'https://api.anthropic.com', models: ['claude*'], keyRequired: true },
  // Azure OpenAI's v1 API: https://<resource>.openai.azure.com/openai/v1, the deployment named as the model.
  'azure-openai': { wireFormat: 'openai', baseUrl: null, models: ['*'], keyRequired: true },
  'openai-compatible': { wireFormat: 'openai', baseUrl: null, models: ['*'], keyRequired: false },
};
