import type { Command } from 'commander';
import {
  addPriceVersion,
  loadPrices,
  modelPriceInputSchema,
  modelPriceView,
  type ModelPrice,
} from '../../../platform/pricing/prices';
import { ApiError } from '../../errors/api-error';
import { CLI_ACTOR, output, type CliContext } from '../cli-context';

function describe(p: ModelPrice): string {
  return (
    `${p.providerKind}  ${p.model}  from ${p.effectiveFrom.toISOString()}  ` +
    `input ${p.inputMicroUsdPerMTok}  cached ${p.cachedInputMicroUsdPerMTok}  output ${p.outputMicroUsdPerMTok}  µ$/Mtok`
  );
}

function integer(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new ApiError('BAD_REQUEST', `${what} must be a whole number of micro-dollars`);
  return Number(value);
}

/** `autrace prices …`: the price table that costs gateway requests (docs/gateway.md, Cost and budgets). */
export function registerPriceCommands(program: Command, context: CliContext): void {
  const prices = program.command('prices').description('Model prices, in US micro-dollars per million tokens');

  prices
    .command('list')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await loadPrices(context.db());
      output(options.json, { prices: list.map(modelPriceView) }, () => list.map(describe).join('\n'));
    });

  prices
    .command('add')
    .description('add a version of a price; it applies to requests that start from --from (default: now)')
    .requiredOption('--kind <providerKind>', 'provider kind (openai, anthropic, azure-openai, openai-compatible)')
    .requiredOption('--model <model>', 'model name (dated snapshots are priced by the longest listed prefix)')
    .requiredOption('--input <microUsd>', 'input price, µ$ per million tokens')
    .requiredOption('--output <microUsd>', 'output price, µ$ per million tokens')
    .option('--cached-input <microUsd>', 'cached input price, µ$ per million tokens (default: the input price)')
    .option('--from <instant>', 'RFC 3339 instant from which it applies')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        kind: string;
        model: string;
        input: string;
        output: string;
        cachedInput?: string;
        from?: string;
        json?: boolean;
      }) => {
        const parsed = modelPriceInputSchema.safeParse({
          providerKind: options.kind,
          model: options.model,
          effectiveFrom: options.from,
          inputMicroUsdPerMTok: integer(options.input, '--input'),
          cachedInputMicroUsdPerMTok: integer(options.cachedInput, '--cached-input'),
          outputMicroUsdPerMTok: integer(options.output, '--output'),
        });
        if (!parsed.success)
          throw new ApiError(
            'BAD_REQUEST',
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          );
        const price = await addPriceVersion(context.db(), parsed.data, CLI_ACTOR);
        output(options.json, { price: modelPriceView(price) }, () => `added: ${describe(price)}`);
      },
    );
}
