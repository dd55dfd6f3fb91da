import type { Pool } from 'undici';
import { modelMatchSpecificity } from '../../../platform/provider-connections/model-patterns';
import type { ProviderKind } from '../../../platform/provider-connections/provider-kinds';
import { DEFAULT_ANTHROPIC_VERSION } from '../anthropic';
import { OPENAI_PATHS } from '../openai/openai-provider';
import type { Endpoint, Provider } from '../provider';

/** A connection as the gateway holds it: its key opened once, when the account's connections were read. */
export interface OpenedConnection {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  models: readonly string[];
  apiKey: string | null;
}

/** Which requests a connection takes: its kind's wire format, and the models it lists. */
export interface ConnectionRoute {
  servesModel(endpoint: Endpoint, model: string): boolean;
  /** How specifically this connection serves `model` (-1: not at all; see modelMatchSpecificity). */
  specificity(model: string): number;
}

export function connectionRoute(kind: ProviderKind, models: readonly string[]): ConnectionRoute {
  const anthropic = kind === 'anthropic';
  return {
    servesModel: (endpoint, model) =>
      (anthropic ? endpoint === 'messages' : endpoint !== 'messages') && modelMatchSpecificity(models, model) >= 0,
    specificity: (model) => modelMatchSpecificity(models, model),
  };
}

export interface ConnectionProvider extends Provider, ConnectionRoute {
  readonly connectionId: string;
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
  const { apiKey } = connection;
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
    ...connectionRoute(connection.kind, connection.models),
    close: () => Promise.resolve(),
  };
}
