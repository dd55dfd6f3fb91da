import type { Command } from 'commander';
import { z } from 'zod';
import { API_KEY_COLUMNS, createApiKey, revokeApiKey, toApiKeyView } from '../../../platform/accounts/api-keys';
import { directoryWrites, forgetKeyPrefix } from '../../../platform/regions/directory';
import { generateApiKey } from '../../../platform/crypto/api-keys';
import { ApiError } from '../../errors/api-error';
import { CLI_ACTOR, output, type CliContext } from '../cli-context';

const uuid = z.uuid();

function accountIdOf(value: unknown): string {
  const parsed = uuid.safeParse(value);
  if (!parsed.success) throw new ApiError('BAD_REQUEST', '--account must be an account ID (UUID)');
  return parsed.data;
}

export function registerKeyCommands(program: Command, context: CliContext): void {
  const keys = program.command('keys').description("An account's API keys");

  keys
    .command('list')
    .requiredOption('--account <accountId>', 'account ID')
    .option('--all', 'include revoked keys')
    .option('--json', 'print JSON')
    .action(async (options: { account: string; all?: boolean; json?: boolean }) => {
      const q = context
        .db()('api_keys')
        .where({ account_id: accountIdOf(options.account) })
        .orderBy('created_at', 'desc');
      if (!options.all) void q.whereNull('revoked_at');
      const list = (await q.select(...API_KEY_COLUMNS)).map(toApiKeyView);
      output(options.json, { keys: list }, () =>
        list.length
          ? list
              .map(
                (k) =>
                  `${k.id}  atr_${k.prefix}_…  ${k.name}${k.revokedAt ? `  (revoked ${k.revokedAt.toISOString()})` : ''}`,
              )
              .join('\n')
          : 'no keys',
      );
    });

  keys
    .command('create')
    .requiredOption('--account <accountId>', 'account ID')
    .option('--name <name>', 'key name', 'cli')
    .option('--json', 'print JSON')
    .action(async (options: { account: string; name: string; json?: boolean }) => {
      const accountId = accountIdOf(options.account);
      const db = await context.accountDb(accountId);
      const exists = await db('accounts').where({ id: accountId, status: 'active' }).first('id');
      if (!exists) throw new ApiError('NOT_FOUND', 'no such active account');
      const directory = directoryWrites({ regions: context.regions(), config: context.config() });
      const generated = generateApiKey();
      const created = await directory.run(async () => {
        await directory.addKeyPrefix(generated.prefix, accountId);
        return db.transaction((trx) =>
          createApiKey(trx, { accountId, name: options.name, createdBy: null, actor: CLI_ACTOR }, generated),
        );
      });
      output(
        options.json,
        { key: created.key, apiKey: created.plaintext },
        () => `API key ${created.plaintext}   (shown once)`,
      );
    });

  keys
    .command('revoke')
    .argument('<keyId>', 'key ID')
    .requiredOption('--account <accountId>', 'account ID')
    .option('--json', 'print JSON')
    .action(async (keyId: string, options: { account: string; json?: boolean }) => {
      if (!uuid.safeParse(keyId).success) throw new ApiError('BAD_REQUEST', 'keyId must be a UUID');
      const accountId = accountIdOf(options.account);
      const db = await context.accountDb(accountId);
      const key = await db.transaction((trx) => revokeApiKey(trx, { accountId, keyId, actor: CLI_ACTOR }));
      if (!key) throw new ApiError('NOT_FOUND', 'no such API key in that account');
      await forgetKeyPrefix(context.regions().directory, key.prefix);
      output(options.json, { key }, () => `revoked ${key.id} (atr_${key.prefix}_…)`);
    });
}
