import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import { CronExpressionParser } from 'cron-parser';
import type { Knex } from 'knex';
import { z } from 'zod';
import { scheduleIds } from '../../temporal.config';
import { recordAudit } from '../audit/audit-trail';
import type { Region } from '../config/config';
import type { Database } from '../database/database';
import type { ExportScheduleRow } from '../database/tables';
import { scheduledExportScheduleOptions } from '../temporal/scheduled-export-schedules';
import { EXPORT_CATEGORIES } from './export-categories';
import { lockAccountNotMoving as lockOrRefuse } from '../regions/moving-accounts';

/** Each field within its range, steps and ranges well formed: cron-parser reads it as Temporal will. */
function isValidCron(expression: string): boolean {
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Owners' recurring exports: a row in export_schedules (what and who) and a
 * Temporal Schedule (when). The row is written, the Schedule created, and only
 * then the transaction commits, so neither exists without the other.
 */
export const exportScheduleInputSchema = z.object({
  /** Standard five-field cron, UTC (e.g. `0 3 * * 1` for Mondays at 03:00). */
  cron: z
    .string()
    .trim()
    .max(200)
    .regex(/^[\d*,/-]+(\s+[\d*,/-]+){4}$/, 'a five-field numeric cron expression')
    .refine(isValidCron, 'not a valid cron expression (minute hour day-of-month month day-of-week)'),
  categories: z.array(z.enum(EXPORT_CATEGORIES)).min(1).default(['audit_log', 'gateway_requests', 'gateway_full_logs']),
});
export type ExportScheduleInput = z.infer<typeof exportScheduleInputSchema>;

export type { ExportScheduleRow };

export interface ScheduleActor {
  accountId: string;
  userId: string;
}

export async function createExportSchedule(
  db: Database,
  client: Client,
  actor: ScheduleActor,
  input: ExportScheduleInput,
): Promise<ExportScheduleRow> {
  return db.transaction(async (trx) => {
    const account = await lockAccountNotMoving(trx, actor.accountId);
    const [row] = await trx('export_schedules')
      .insert({ account_id: actor.accountId, cron: input.cron, categories: input.categories, created_by: actor.userId })
      .returning('*');
    if (!row) throw new Error('schedule insert returned no row');
    await recordAudit(trx, {
      accountId: actor.accountId,
      actorType: 'user',
      actorId: actor.userId,
      action: 'export_schedule.created',
      targetType: 'export_schedule',
      targetId: row.id,
      summary: { cron: input.cron, categories: input.categories },
    });
    await client.schedule.create(
      scheduledExportScheduleOptions({
        scheduleId: row.id,
        accountId: actor.accountId,
        region: account.region,
        cron: input.cron,
      }),
    );
    return row;
  });
}

/** The account's row, share-locked against a move (lockAccountNotMoving); the schedule is about to follow a move. */
async function lockAccountNotMoving(trx: Knex.Transaction, accountId: string): Promise<{ region: Region }> {
  const account = await lockOrRefuse(trx, accountId);
  if (!account) throw new Error('account not found');
  return account;
}

async function findOwned(
  db: Database,
  actor: ScheduleActor,
  scheduleId: string,
): Promise<ExportScheduleRow | undefined> {
  return await db('export_schedules').where({ id: scheduleId, account_id: actor.accountId }).first();
}

export async function setExportSchedulePaused(
  db: Database,
  client: Client,
  actor: ScheduleActor,
  scheduleId: string,
  paused: boolean,
): Promise<ExportScheduleRow | null> {
  if (!(await findOwned(db, actor, scheduleId))) return null;
  return db.transaction(async (trx) => {
    await lockAccountNotMoving(trx, actor.accountId);
    const [row] = await trx('export_schedules').where({ id: scheduleId }).update({ paused }).returning('*');
    await recordAudit(trx, {
      accountId: actor.accountId,
      actorType: 'user',
      actorId: actor.userId,
      action: paused ? 'export_schedule.paused' : 'export_schedule.resumed',
      targetType: 'export_schedule',
      targetId: scheduleId,
    });
    const handle = client.schedule.getHandle(scheduleIds.scheduledExport(scheduleId));
    if (paused) await handle.pause('paused by the account owner');
    else await handle.unpause('resumed by the account owner');
    return row ?? null;
  });
}

export async function deleteExportSchedule(
  db: Database,
  client: Client,
  actor: ScheduleActor,
  scheduleId: string,
): Promise<boolean> {
  if (!(await findOwned(db, actor, scheduleId))) return false;
  await db.transaction(async (trx) => {
    await lockAccountNotMoving(trx, actor.accountId);
    await trx('export_schedules').where({ id: scheduleId }).delete();
    await recordAudit(trx, {
      accountId: actor.accountId,
      actorType: 'user',
      actorId: actor.userId,
      action: 'export_schedule.deleted',
      targetType: 'export_schedule',
      targetId: scheduleId,
    });
    try {
      await client.schedule.getHandle(scheduleIds.scheduledExport(scheduleId)).delete();
    } catch (error) {
      // Already gone on the Temporal side: the row's deletion is what remains to do.
      if (!(error instanceof ScheduleNotFoundError)) throw error;
    }
  });
  return true;
}

export async function listExportSchedules(db: Database, accountId: string): Promise<ExportScheduleRow[]> {
  return await db('export_schedules').where({ account_id: accountId }).orderBy('created_at');
}
