import type { Client } from '@temporalio/client';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { REGIONS } from '../../../platform/config/config';
import { createTemporalClient } from '../../../platform/temporal/connection';
import {
  accountMoveStatus,
  requestAccountMove,
  type AccountMoveStatus,
} from '../../../platform/temporal/account-move-client';
import { ApiError } from '../../errors/api-error';
import { regionSchema } from '../../http/common-schemas';
import { output, requireOperator, type CliContext } from '../cli-context';

function parse<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ApiError('BAD_REQUEST', parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

const accountIdSchema = z.uuid('the account ID is a UUID');
const json = z.boolean().optional();

function statusLines(status: AccountMoveStatus): string {
  const route = status.from && status.to ? ` from ${status.from} to ${status.to}` : '';
  return [
    `move ${status.workflowId}${route}: ${status.state ?? 'unknown'} (${status.run.toLowerCase()})`,
    `  started ${status.startedAt}${status.closedAt ? `, ended ${status.closedAt}` : ''}`,
    ...(status.rows === null ? [] : [`  rows copied ${status.rows}`]),
    ...(status.failure ? [`  failed: ${status.failure.type ?? 'error'}: ${status.failure.message}`] : []),
  ].join('\n');
}

/** `account move` and `account move-status`: the operator's route's move, from a machine with database access. */
export function registerAccountMoveCommands(account: Command, context: CliContext): void {
  let client: Client | null = null;
  const temporal = async () => (client ??= await createTemporalClient(context.config().temporal));
  const closeTemporal = async () => {
    await client?.connection.close();
    client = null;
  };

  account
    .command('move <accountId>')
    .summary('Move an account to another region (prints the workflow ID, from and to)')
    .description(
      'Move an account to another region (its rows are copied, verified, switched and purged from the source; its users sign in again). Its recurring exports follow it. Refused while it is not active, is homed there already, its plan lacks the region, or it has open privacy requests or a pending deletion. Each step is audited in your name. Needs a worker serving every region.',
    )
    .addOption(new Option('--to <region>', 'the region to move it to').choices(REGIONS).makeOptionMandatory())
    .requiredOption('--operator <userId>', 'your operator user ID')
    .option('--json', 'print JSON')
    .action(async (accountId: string, raw: unknown) => {
      const o = parse(z.object({ to: regionSchema, operator: z.uuid(), json }), raw);
      const id = parse(accountIdSchema, accountId);
      await requireOperator(context, o.operator);
      const moved = await requestAccountMove(temporal, context.regions(), {
        accountId: id,
        to: o.to,
        operatorId: o.operator,
      }).finally(closeTemporal);
      output(o.json, { workflowId: moved.workflowId, from: moved.from, to: moved.to, started: moved.started }, () =>
        [
          `${moved.started ? 'moving' : 'already moving'} account ${id} from ${moved.from} to ${moved.to}`,
          `workflow ${moved.workflowId}; follow it with: autrace account move-status ${id}`,
        ].join('\n'),
      );
    });

  account
    .command('move-status <accountId>')
    .summary("An account's latest move: its step, or how it ended")
    .description(
      "The account's latest move: the step it is at, or how it ended (moved, or abandoned and why). Exits 2 when the move ended without moving the account.",
    )
    .option('--wait', 'wait until the move has ended')
    .option('--json', 'print JSON')
    .action(async (accountId: string, raw: unknown) => {
      const o = parse(z.object({ wait: z.boolean().optional(), json }), raw);
      const id = parse(accountIdSchema, accountId);
      const status = await accountMoveStatus(await temporal(), id, { waitForEnd: o.wait ?? false }).finally(
        closeTemporal,
      );
      output(o.json, status, () => statusLines(status));
      if (status.run !== 'RUNNING' && status.run !== 'COMPLETED') context.exitCode = 2;
    });
}
