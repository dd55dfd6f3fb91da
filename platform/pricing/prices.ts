import { z } from 'zod';
import { recordAudit, type AuditActorType } from '../audit/audit-trail';
import type { Database } from '../database/database';
import { DomainError } from '../errors/domain-error';

/**
 * The price table (`model_prices`): per provider kind and model, the price of
 * an input, a cached input and an output token, in integer micro-dollars per
 * million tokens, each row a version that applies from `effective_from`. A
 * request is priced by the version in force when it starts; a new version
 * changes what later requests cost, never a stored one.
 *
 * A request's model is priced by the row of its exact name or, failing that,
 * by the longest priced name it starts with followed by `-`: a dated snapshot
 * (`gpt-4o-2024-08-06`, `claude-sonnet-4-5-20250929`) costs what its family
 * costs. Azure OpenAI deployments are priced as OpenAI's models unless an
 * `azure-openai` row exists. A model without a price has no cost (NULL in the
 * request log, counted as unpriced in usage).
 */
export interface ModelPrice {
  id: string;
  providerKind: string;
  model: string;
  effectiveFrom: Date;
  inputMicroUsdPerMTok: number;
  cachedInputMicroUsdPerMTok: number;
  outputMicroUsdPerMTok: number;
}

export interface TokenCounts {
  promptTokens: number;
  /** Of the prompt tokens, those read from the provider's prompt cache (priced at the cached rate). */
  cachedPromptTokens: number;
  completionTokens: number;
}

/** What `tokens` cost at `price`, in micro-dollars, rounded up to a whole micro-dollar. */
export function costMicroUsd(price: ModelPrice, tokens: TokenCounts): number {
  const cached = Math.min(Math.max(0, tokens.cachedPromptTokens), Math.max(0, tokens.promptTokens));
  const uncached = Math.max(0, tokens.promptTokens) - cached;
  // Integer products stay below 2^53 for any plausible request (10^7 tokens × 10^9 µ$/Mtok = 10^16 would not).
  const total =
    BigInt(uncached) * BigInt(price.inputMicroUsdPerMTok) +
    BigInt(cached) * BigInt(price.cachedInputMicroUsdPerMTok) +
    BigInt(Math.max(0, tokens.completionTokens)) * BigInt(price.outputMicroUsdPerMTok);
  return Number((total + 999_999n) / 1_000_000n);
}

/** The provider kind a gateway provider's name prices as: `account:openai` and `openai` are both `openai`. */
export function priceKindOf(providerName: string): string {
  return providerName.startsWith('account:') ? providerName.slice('account:'.length) : providerName;
}

/** Kinds whose models are priced as another kind's when they have no row of their own. */
const FALLBACK_KIND: Record<string, string> = { 'azure-openai': 'openai' };

/**
 * All versions of every price, held in memory, answering which version prices
 * a model at an instant. Built from the rows of `model_prices`.
 */
export class PriceBook {
  /** kind → model → versions, newest first. */
  private readonly byKind = new Map<string, Map<string, ModelPrice[]>>();

  constructor(prices: readonly ModelPrice[]) {
    for (const price of prices) {
      let models = this.byKind.get(price.providerKind);
      if (!models) this.byKind.set(price.providerKind, (models = new Map<string, ModelPrice[]>()));
      let versions = models.get(price.model);
      if (!versions) models.set(price.model, (versions = []));
      versions.push(price);
    }
    for (const models of this.byKind.values())
      for (const versions of models.values())
        versions.sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime());
  }

  /** The versions that price `model` for `kind` (exact name, else the longest family prefix), or null. */
  versionsFor(kind: string, model: string): readonly ModelPrice[] | null {
    const own = this.lookup(kind, model);
    if (own) return own;
    const fallback = FALLBACK_KIND[kind];
    return fallback ? this.lookup(fallback, model) : null;
  }

  /** The version in force at `at`, or null when the model has no price then. */
  priceAt(kind: string, model: string, at: number): ModelPrice | null {
    const versions = this.versionsFor(kind, model);
    if (!versions) return null;
    for (const version of versions) if (version.effectiveFrom.getTime() <= at) return version;
    return null;
  }

  private lookup(kind: string, model: string): ModelPrice[] | null {
    const models = this.byKind.get(kind);
    if (!models) return null;
    const exact = models.get(model);
    if (exact) return exact;
    let best: ModelPrice[] | null = null;
    let bestLength = 0;
    for (const [name, versions] of models)
      if (
        name.length > bestLength &&
        model.length > name.length &&
        model.startsWith(name) &&
        model[name.length] === '-'
      ) {
        best = versions;
        bestLength = name.length;
      }
    return best;
  }
}

interface PriceRow {
  id: string;
  provider_kind: string;
  model: string;
  effective_from: Date;
  input_microusd_per_mtok: string | number;
  cached_input_microusd_per_mtok: string | number;
  output_microusd_per_mtok: string | number;
}

function toModelPrice(row: PriceRow): ModelPrice {
  return {
    id: row.id,
    providerKind: row.provider_kind,
    model: row.model,
    effectiveFrom: row.effective_from,
    inputMicroUsdPerMTok: Number(row.input_microusd_per_mtok),
    cachedInputMicroUsdPerMTok: Number(row.cached_input_microusd_per_mtok),
    outputMicroUsdPerMTok: Number(row.output_microusd_per_mtok),
  };
}

const PRICE_COLUMNS = [
  'id',
  'provider_kind',
  'model',
  'effective_from',
  'input_microusd_per_mtok',
  'cached_input_microusd_per_mtok',
  'output_microusd_per_mtok',
] as const;

export async function loadPrices(db: Database): Promise<ModelPrice[]> {
  const rows = await db<PriceRow>('model_prices')
    .select(...PRICE_COLUMNS)
    .orderBy([{ column: 'provider_kind' }, { column: 'model' }, { column: 'effective_from', order: 'desc' }]);
  return rows.map(toModelPrice);
}

/** A micro-dollar amount per million tokens: an integer up to a thousand dollars per token. */
const microUsdPerMTok = z
  .number()
  .int()
  .min(0)
  .max(1_000_000_000_000_000)
  .meta({ description: 'US micro-dollars per million tokens ($2.50 per million tokens = 2500000)' });

export const modelPriceInputSchema = z.object({
  providerKind: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a provider kind such as openai, anthropic, azure-openai, openai-compatible')
    .meta({
      description: 'The provider kind the price applies to (openai, anthropic, azure-openai, openai-compatible)',
    }),
  model: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'a model name of printable ASCII characters without spaces'),
  effectiveFrom: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'From when the price applies (default: now); requests already started keep their price' }),
  inputMicroUsdPerMTok: microUsdPerMTok,
  cachedInputMicroUsdPerMTok: microUsdPerMTok.optional().meta({
    description: 'Price of prompt tokens read from the provider cache (default: the input price)',
  }),
  outputMicroUsdPerMTok: microUsdPerMTok,
});
export type ModelPriceInput = z.infer<typeof modelPriceInputSchema>;

/** A new version of a model's price, audited in its transaction. Answers the stored version. */
export async function addPriceVersion(
  db: Database,
  input: ModelPriceInput,
  actor: { actorType: AuditActorType; actorId: string | null },
): Promise<ModelPrice> {
  return db.transaction(async (trx) => {
    const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : new Date();
    const inserted = await trx('model_prices')
      .insert({
        provider_kind: input.providerKind,
        model: input.model,
        effective_from: effectiveFrom,
        input_microusd_per_mtok: input.inputMicroUsdPerMTok,
        cached_input_microusd_per_mtok: input.cachedInputMicroUsdPerMTok ?? input.inputMicroUsdPerMTok,
        output_microusd_per_mtok: input.outputMicroUsdPerMTok,
        created_by: actor.actorType === 'operator' || actor.actorType === 'user' ? actor.actorId : null,
      })
      .onConflict(['provider_kind', 'model', 'effective_from'])
      .ignore()
      .returning<PriceRow[]>([...PRICE_COLUMNS]);
    const row = inserted[0];
    if (!row)
      throw new DomainError(
        'PriceVersionExists',
        'a price for this provider kind and model already starts at that instant',
      );
    await recordAudit(trx, {
      accountId: null,
      actorType: actor.actorType,
      actorId: actor.actorId,
      action: 'model_price.added',
      targetType: 'model_price',
      targetId: row.id,
      summary: {
        providerKind: row.provider_kind,
        model: row.model,
        effectiveFrom: row.effective_from.toISOString(),
        inputMicroUsdPerMTok: Number(row.input_microusd_per_mtok),
        cachedInputMicroUsdPerMTok: Number(row.cached_input_microusd_per_mtok),
        outputMicroUsdPerMTok: Number(row.output_microusd_per_mtok),
      },
    });
    return toModelPrice(row);
  });
}

export function modelPriceView(price: ModelPrice) {
  return { ...price, effectiveFrom: price.effectiveFrom.toISOString() };
}
