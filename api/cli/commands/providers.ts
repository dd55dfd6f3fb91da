import { Option, type Command } from 'commander';
import { z } from 'zod';
import { createNetworkGuard } from '../../../platform/provider-connections/network-guard';
import {
  createProviderConnection,
  deleteProviderConnection,
  listProviderConnections,
  providerConnectionInputSchema,
  rotateProviderKey,
  type ProviderConnectionView,
} from '../../../platform/provider-connections/provider-connections';
import { PROVIDER_KINDS } from '../../../platform/provider-connections/provider-kinds';
import { ApiError } from '../../errors/api-error';
import { CLI_ACTOR, output, type CliContext } from '../cli-context';

const uuid = z.uuid();
const DEFAULT_KEY_VARIABLE = 'PROVIDER_API_KEY';

function idOf(value: unknown, what: string): string {
  const parsed = uuid.safeParse(value);
  if (!parsed.success) throw new ApiError('BAD_REQUEST', `${what} must be a UUID`);
  return parsed.data;
}

function describe(c: ProviderConnectionView): string {
  const key = c.apiKeyLast4 ? `key …${c.apiKeyLast4}` : 'no key';
  return `${c.id}  ${c.name}  ${c.kind}  ${c.baseUrl}  [${c.models.join(', ')}]  ${key}`;
}

/** `autrace providers …`: an account's own provider connections. Keys come from an environment variable, never argv. */
export function registerProviderCommands(program: Command, context: CliContext): void {
  const providers = program.command('providers').description("An account's own provider connections");

  providers
    .command('list')
    .requiredOption('--account <accountId>', 'account ID')
    .option('--json', 'print JSON')
    .action(async (options: { account: string; json?: boolean }) => {
      const list = await listProviderConnections(context.db(), idOf(options.account, '--account'));
      output(options.json, { connections: list }, () =>
        list.length ? list.map(describe).join('\n') : 'no provider connections',
      );
    });

  providers
    .command('create')
    .requiredOption('--account <accountId>', 'account ID')
    .requiredOption('--name <name>', 'connection name')
    .addOption(new Option('--kind <kind>', 'provider kind').choices(PROVIDER_KINDS).makeOptionMandatory())
    .option('--base-url <url>', 'base URL (defaults per kind)')
    .option('--region <region>', 'where the provider processes data (eu, us, apac)')
    .option('--models <patterns>', 'comma-separated model names or prefixes ending in *')
    .option('--api-key-env <variable>', 'environment variable holding the key', DEFAULT_KEY_VARIABLE)
    .option('--json', 'print JSON')
    .action(
      async (options: {
        account: string;
        name: string;
        kind: string;
        baseUrl?: string;
        region?: string;
        models?: string;
        apiKeyEnv: string;
        json?: boolean;
      }) => {
        const accountId = idOf(options.account, '--account');
        const parsed = providerConnectionInputSchema.safeParse({
          name: options.name,
          kind: options.kind,
          baseUrl: options.baseUrl,
          region: options.region,
          models: options.models?.split(',').map((m) => m.trim()),
          apiKey: context.secretFromEnv(options.apiKeyEnv),
        });
        if (!parsed.success)
          throw new ApiError(
            'BAD_REQUEST',
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          );
        const exists = await context.db()('accounts').where({ id: accountId, status: 'active' }).first('id');
        if (!exists) throw new ApiError('NOT_FOUND', 'no such active account');
        const config = context.config();
        const connection = await createProviderConnection(
          { db: context.db(), masterKey: config.keys.master, guard: createNetworkGuard(config.providers.network) },
          { accountId, connection: parsed.data, createdBy: null, actor: CLI_ACTOR },
        );
        output(options.json, { connection }, () => describe(connection));
      },
    );

  providers
    .command('rotate-key')
    .argument('<connectionId>', 'connection ID')
    .requiredOption('--account <accountId>', 'account ID')
    .option('--api-key-env <variable>', 'environment variable holding the new key', DEFAULT_KEY_VARIABLE)
    .option('--json', 'print JSON')
    .action(async (connectionId: string, options: { account: string; apiKeyEnv: string; json?: boolean }) => {
      const apiKey = context.secretFromEnv(options.apiKeyEnv);
      if (!apiKey) throw new ApiError('BAD_REQUEST', `set the new key in ${options.apiKeyEnv}`);
      const connection = await rotateProviderKey(
        { db: context.db(), masterKey: context.config().keys.master },
        {
          accountId: idOf(options.account, '--account'),
          connectionId: idOf(connectionId, 'connectionId'),
          apiKey,
          actor: CLI_ACTOR,
        },
      );
      if (!connection) throw new ApiError('NOT_FOUND', 'no such provider connection in that account');
      output(options.json, { connection }, () => `rotated: ${describe(connection)}`);
    });

  providers
    .command('delete')
    .argument('<connectionId>', 'connection ID')
    .requiredOption('--account <accountId>', 'account ID')
    .option('--json', 'print JSON')
    .action(async (connectionId: string, options: { account: string; json?: boolean }) => {
      const id = idOf(connectionId, 'connectionId');
      const deleted = await deleteProviderConnection(context.db(), {
        accountId: idOf(options.account, '--account'),
        connectionId: id,
        actor: CLI_ACTOR,
      });
      if (!deleted) throw new ApiError('NOT_FOUND', 'no such provider connection in that account');
      output(options.json, { deleted: id }, () => `deleted ${id}`);
    });
}
