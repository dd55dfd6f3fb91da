import type { Pool } from 'undici';
import { modelMatchSpecificity } from '../../../platform/provider-connections/model-patterns';
import type { ProviderKind } from '../../../platform/provider-connections/provider-kinds';
import { DEFAULT_ANTHROPIC_VERSION } from '../anthropic';
import { OPENAI_PATHS } from '../openai/openai-provider';
import type { Provider } from '../provider';

/** A connection as the gateway holds it: its key opened once, when the account's connections were read. */
export interface OpenedConnection {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  models: readonly string[];
  apiKey: string | null;
}

export interface ConnectionProvider extends Provider {
  readonly connectionId: string;
  /** How specifically this connection serves `model` (-1: not at all; see modelMatchSpecificity). */
  specificity(model: string): number;
}

/**
 * An account's connection as a Provider. Its pool is shared by every
 * connection to the same origin (the key travels in headers, not in the
 * connection), so it is not the provider's to close. Named by kind only: the
 * name is the metrics label, and a label per tenant connection would not be bounded.
 */
export function createConnectionProvider(
  connection: OpenedConnection,
  pool: Pool,
  basePath: string,
  timeoutMs: number,
): ConnectionProvider {
  const { apiKey, models } = connection;
  const anthropic = connection.kind === 'anthropic';
  const openaiAuth: Record<string, string> = !apiKey
    ? {}
    : connection.kind === 'azure-openai'
      ? { 'api-key': apiKey }
      : { authorization: `Bearer ${apiKey}` };
  return {
    name: `account:${connection.kind}`,
    connectionId: connection.id,
    pool,
    timeoutMs,
    pathFor: (endpoint) => {
      if (anthropic) return endpoint === 'messages' ? `${basePath}/v1/messages` : null;
      const path = OPENAI_PATHS[endpoint];
      return path ? basePath + path : null;
    },
    authHeaders: anthropic
      ? (incoming) => {
          const headers: Record<string, string> = {
            'anthropic-version': incoming.anthropicVersion ?? DEFAULT_ANTHROPIC_VERSION,
          };
          if (apiKey) headers['x-api-key'] = apiKey;
          if (incoming.anthropicBeta) headers['anthropic-beta'] = incoming.anthropicBeta;
          return headers;
        }
      : () => openaiAuth,
    servesModel: (endpoint, model) =>
      (anthropic ? endpoint === 'messages' : endpoint !== 'messages') && modelMatchSpecificity(models, model) >= 0,
    specificity: (model) => modelMatchSpecificity(models, model),
    close: () => Promise.resolve(),
  };
}
