/**
 * Public list prices in US dollars per million tokens, as the providers
 * publish them, seeded into `model_prices` by migration
 * 20261208020000_cost_and_budgets.ts. Later changes are new versions added
 * through the operator route (POST /v1/operator/model-prices) or the CLI
 * (`autrace prices add`), never an edit here: a release must not change what
 * past requests cost.
 *
 * `cachedInput` is the price of a prompt token read from the provider's cache
 * (OpenAI's cached input, Anthropic's cache read).
 */
export interface ListPrice {
  providerKind: 'openai' | 'anthropic';
  model: string;
  input: number;
  cachedInput: number;
  output: number;
}

/** From which instant the seeded prices apply. */
export const LIST_PRICES_EFFECTIVE_FROM = '2025-01-01T00:00:00Z';

export const LIST_PRICES: readonly ListPrice[] = [
  { providerKind: 'openai', model: 'gpt-5', input: 1.25, cachedInput: 0.125, output: 10 },
  { providerKind: 'openai', model: 'gpt-5-mini', input: 0.25, cachedInput: 0.025, output: 2 },
  { providerKind: 'openai', model: 'gpt-5-nano', input: 0.05, cachedInput: 0.005, output: 0.4 },
  { providerKind: 'openai', model: 'gpt-4.1', input: 2, cachedInput: 0.5, output: 8 },
  { providerKind: 'openai', model: 'gpt-4.1-mini', input: 0.4, cachedInput: 0.1, output: 1.6 },
  { providerKind: 'openai', model: 'gpt-4.1-nano', input: 0.1, cachedInput: 0.025, output: 0.4 },
  { providerKind: 'openai', model: 'gpt-4o', input: 2.5, cachedInput: 1.25, output: 10 },
  { providerKind: 'openai', model: 'gpt-4o-mini', input: 0.15, cachedInput: 0.075, output: 0.6 },
  { providerKind: 'openai', model: 'o1', input: 15, cachedInput: 7.5, output: 60 },
  { providerKind: 'openai', model: 'o3', input: 2, cachedInput: 0.5, output: 8 },
  { providerKind: 'openai', model: 'o3-mini', input: 1.1, cachedInput: 0.55, output: 4.4 },
  { providerKind: 'openai', model: 'o4-mini', input: 1.1, cachedInput: 0.275, output: 4.4 },
  { providerKind: 'openai', model: 'text-embedding-3-small', input: 0.02, cachedInput: 0.02, output: 0 },
  { providerKind: 'openai', model: 'text-embedding-3-large', input: 0.13, cachedInput: 0.13, output: 0 },
  { providerKind: 'anthropic', model: 'claude-opus-4-5', input: 5, cachedInput: 0.5, output: 25 },
  { providerKind: 'anthropic', model: 'claude-opus-4-1', input: 15, cachedInput: 1.5, output: 75 },
  { providerKind: 'anthropic', model: 'claude-opus-4', input: 15, cachedInput: 1.5, output: 75 },
  { providerKind: 'anthropic', model: 'claude-sonnet-4-5', input: 3, cachedInput: 0.3, output: 15 },
  { providerKind: 'anthropic', model: 'claude-sonnet-4', input: 3, cachedInput: 0.3, output: 15 },
  { providerKind: 'anthropic', model: 'claude-3-7-sonnet', input: 3, cachedInput: 0.3, output: 15 },
  { providerKind: 'anthropic', model: 'claude-haiku-4-5', input: 1, cachedInput: 0.1, output: 5 },
  { providerKind: 'anthropic', model: 'claude-3-5-haiku', input: 0.8, cachedInput: 0.08, output: 4 },
];

/** Dollars per million tokens → micro-dollars per million tokens (an integer). */
export function microUsdPerMillion(dollars: number): number {
  return Math.round(dollars * 1_000_000);
}
