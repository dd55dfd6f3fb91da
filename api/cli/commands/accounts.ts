import { randomBytes } from 'node:crypto';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { createApiKey } from '../../../platform/accounts/api-keys';
import { createAccountWithOwner } from '../../../platform/accounts/accounts';
import { directoryWrites } from '../../../platform/regions/directory';
import { generateApiKey } from '../../../platform/crypto/api-keys';
import { ApiError } from '../../errors/api-error';
import { emailSchema, passwordSchema, planSchema, regionSchema } from '../../http/common-schemas';
import { PLANS } from '../../../platform/billing/plans';
import { REGIONS } from '../../../platform/config/config';
import { CLI_ACTOR, output, type CliContext } from '../cli-context';
import { registerAccountMoveCommands } from './account-moves';

const createOptions = z.object({
  name: z.string().trim().min(1).max(200),
  email: emailSchema,
  plan: planSchema,
  region: regionSchema,
  password: passwordSchema.optional(),
  ownerName: z.string().trim().min(1).max(200).optional(),
  keyName: z.string().trim().min(1).max(100),
  json: z.boolean().optional(),
});

export function registerAccountCommands(program: Command, context: CliContext): void {
  const account = program.command('account').alias('accounts').description('Customer accounts');
  account
    .command('create')
    .description('Create an account, its owner and its first API key')
    .requiredOption('--name <name>', 'account name')
    .requiredOption('--email <email>', "owner's e-mail address")
    .addOption(new Option('--plan <plan>', 'plan').choices(PLANS).default('free'))
    .addOption(new Option('--region <region>', 'home region').choices(REGIONS).default('eu'))
    .option('--password <password>', "owner's password (generated and printed when omitted)")
    .option('--owner-name <name>', "owner's name (defaults to the account name)")
    .option('--key-name <name>', 'name of the first API key', 'default')
    .option('--json', 'print JSON')
    .action(async (raw: unknown) => {
      const parsed = createOptions.safeParse(raw);
      if (!parsed.success)
        throw new ApiError(
          'BAD_REQUEST',
          parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '),
        );
      const options = parsed.data;
      const generatedPassword = options.password ? undefined : randomBytes(12).toString('base64url');
      const password = options.password ?? generatedPassword ?? '';
      let apiKey = '';
      let apiKeyId = '';
      const directory = directoryWrites({ regions: context.regions(), config: context.config() });
      const firstKey = generateApiKey();
      const ids = await createAccountWithOwner(
        context.regions().of(options.region),
        context.config().keys.master,
        {
          accountName: options.name,
          ownerName: options.ownerName ?? options.name,
          email: options.email,
          password,
          plan: options.plan,
          region: options.region,
          directory,
        },
        CLI_ACTOR,
        async (trx, created) => {
          const key = await createApiKey(
            trx,
            { accountId: created.accountId, name: options.keyName, createdBy: null, actor: CLI_ACTOR },
            firstKey,
          );
          apiKey = key.plaintext;
          apiKeyId = key.key.id;
        },
        (accountId) => directory.addKeyPrefix(firstKey.prefix, accountId),
      );
      const result = {
        accountId: ids.accountId,
        userId: ids.userId,
        email: options.email,
        plan: options.plan,
        region: options.region,
        apiKeyId,
        apiKey,
        ...(generatedPassword ? { password: generatedPassword } : {}),
      };
      output(options.json, result, () =>
        [
          `account ${result.accountId} (${result.plan}, ${result.region})`,
          `owner   ${result.email} (user ${result.userId})`,
          ...(generatedPassword ? [`password ${generatedPassword}   (shown once)`] : []),
          `API key ${apiKey}   (shown once)`,
        ].join('\n'),
      );
    });
  registerAccountMoveCommands(account, context);
}
