import type { Command } from 'commander';
import { z } from 'zod';
import {
  createModelAlias,
  deleteModelAlias,
  listModelAliases,
  modelAliasInputSchema,
  type ModelAliasView,
} from '../../../platform/routing/model-aliases';
import { ApiError } from '../../errors/api-error';
import { CLI_ACTOR, output, type CliContext } from '../cli-context';

const uuid = z.uuid();

function idOf(value: unknown, what: string): string {
  const parsed = uuid.safeParse(value);
  if (!parsed.success) throw new ApiError('BAD_REQUEST', `${what} must be a UUID`);
  return parsed.data;
}

function describe(a: ModelAliasView): string {
  const targets = a.targets.map((t) => `${t.connectionId}:${t.model} p${t.priority} w${t.weight}`).join(', ');
  return `${a.id}  ${a.name}  retries ${a.retries}  [${targets}]`;
}

/** `autrace aliases …`: an account's model aliases (routing). Targets as JSON, as the API takes them. */
export function registerAliasCommands(program: Command, context: CliContext): void {
  const aliases = program.command('aliases').description("An account's model aliases (routing to its connections)");

  aliases
    .command('list')
    .requiredOption('--account <accountId>', 'account ID')
    .option('--json', 'print JSON')
    .action(async (options: { account: string; json?: boolean }) => {
      const list = await listModelAliases(context.db(), idOf(options.account, '--account'));
      output(options.json, { aliases: list }, () => (list.length ? list.map(describe).join('\n') : 'no model aliases'));
    });

  aliases
    .command('create')
    .requiredOption('--account <accountId>', 'account ID')
    .requiredOption('--name <name>', 'the model name callers ask for')
    .requiredOption(
      '--targets <json>',
      'JSON list of targets: [{"connectionId":"…","model":"gpt-4o","priority":0,"weight":1}, …]',
    )
    .option('--retries <n>', 'retries of one target before the next (0–5)', '2')
    .option('--json', 'print JSON')
    .action(async (options: { account: string; name: string; targets: string; retries: string; json?: boolean }) => {
      const accountId = idOf(options.account, '--account');
      let targets: unknown;
      try {
        targets = JSON.parse(options.targets);
      } catch {
        throw new ApiError('BAD_REQUEST', '--targets must be JSON');
      }
      const parsed = modelAliasInputSchema.safeParse({ name: options.name, retries: Number(options.retries), targets });
      if (!parsed.success)
        throw new ApiError(
          'BAD_REQUEST',
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      const exists = await context.db()('accounts').where({ id: accountId, status: 'active' }).first('id');
      if (!exists) throw new ApiError('NOT_FOUND', 'no such active account');
      const alias = await createModelAlias(context.db(), {
        accountId,
        alias: parsed.data,
        createdBy: null,
        actor: CLI_ACTOR,
      });
      output(options.json, { alias }, () => describe(alias));
    });

  aliases
    .command('delete')
    .argument('<aliasId>', 'alias ID')
    .requiredOption('--account <accountId>', 'account ID')
    .option('--json', 'print JSON')
    .action(async (aliasId: string, options: { account: string; json?: boolean }) => {
      const id = idOf(aliasId, 'aliasId');
      const deleted = await deleteModelAlias(context.db(), {
        accountId: idOf(options.account, '--account'),
        aliasId: id,
        actor: CLI_ACTOR,
      });
      if (!deleted) throw new ApiError('NOT_FOUND', 'no such model alias in that account');
      output(options.json, { deleted: id }, () => `deleted ${id}`);
    });
}
