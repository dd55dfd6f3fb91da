import type { ProviderKind } from '../../platform/provider-connections/provider-kinds';
import type { Endpoint, Provider } from '../providers/provider';

/**
 * A target of an alias as the gateway holds it: the account's connection
 * (opened once, with the connections), the model to ask it for, and its place
 * in the plan. A connection that cannot be used (its key no longer opens, its
 * address refused) stays in the list with its refusal, recorded as an attempt
 * that did not happen; its traffic never goes to the platform's provider.
 */
export interface RouteTarget {
  /** The circuit breaker's key: one breaker per connection and upstream model. */
  readonly key: string;
  readonly connectionId: string;
  readonly kind: ProviderKind;
  readonly model: string;
  readonly priority: number;
  readonly weight: number;
  readonly provider: Provider | null;
  readonly refusal: string | null;
}

/** A requested model that is one of the account's aliases: what the router turns into an attempt plan. */
export interface AliasRoute {
  readonly alias: string;
  /** Retries of one target before the next. */
  readonly retries: number;
  /** In the alias's order. */
  readonly targets: readonly RouteTarget[];
}

export function isAliasRoute(resolved: Provider | AliasRoute): resolved is AliasRoute {
  return 'targets' in resolved;
}

/**
 * Anthropic connections speak only /v1/messages, every other kind only the OpenAI endpoints; chat completions,
 * messages and the Responses API reach a target of the other format translated (gateway/translation/; Responses
 * only towards Anthropic), embeddings and models only their own.
 */
export function targetServes(target: RouteTarget, endpoint: Endpoint): boolean {
  if (endpoint === 'chat' || endpoint === 'messages' || endpoint === 'responses') return true;
  return target.kind !== 'anthropic';
}
