import { heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { recordAudit } from '../platform/audit/audit-trail';
import { EXPORT_CATEGORIES, type ExportCategory } from '../platform/exports/export-categories';
import { exportReadyText } from '../platform/exports/export-mail';
import { createExportRecord, runExport } from '../platform/exports/export-runs';
import { sendOnce } from '../platform/mail/send-once';
import type { ActivityDeps } from './index';

export function createExportActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /**
     * One scheduled run: an export of the categories since the previous run, keyed
     * by the run's workflow ID so a retry reuses the same export.
     */
    async runScheduledExport(input: { scheduleId: string; runId: string }): Promise<{ exportId: string } | null> {
      const schedule = await db('export_schedules').where({ id: input.scheduleId }).first();
      // Deleted with its account, or with the account's sole user on erasure: nothing to export, nobody to tell.
      // (An account in its deletion grace period keeps its schedules: the owner may still want the archives.)
      if (!schedule || schedule.paused) return null;
      const account = await db('accounts')
        .select('region', 'status', 'moving_to')
        .where({ id: schedule.account_id })
        .first();
      if (!account || account.status === 'deleted') return null;
      // Being moved to another region: nothing may be written about it here; the schedule's next run, in the new
      // home, exports from where the last completed run ended.
      if (account.moving_to) return null;
      const previous = await db('exports')
        .where({ schedule_id: schedule.id, status: 'completed' })
        .orderBy('range_to', 'desc')
        .first();
      // An unfinished run is resumed only in its own region: one begun before a move stays behind (its archive
      // would go to the other region's bucket).
      const existing = await db('exports')
        .where({ schedule_id: schedule.id, region: account.region })
        .whereNot({ status: 'completed' })
        .orderBy('created_at', 'desc')
        .first();
      const record =
        existing ??
        (await createExportRecord(db, {
          accountId: schedule.account_id,
          kind: 'scheduled',
          region: account.region,
          scheduleId: schedule.id,
          rangeFrom: previous?.range_to ?? null,
          rangeTo: new Date(),
        }));
      heartbeat('exporting');
      const categories = schedule.categories.filter((c): c is ExportCategory =>
        (EXPORT_CATEGORIES as readonly string[]).includes(c),
      );
      await runExport(deps, { exportId: record.id, categories });
      return { exportId: record.id };
    },

    /**
     * Tells the account's current owners (the schedule's creator alone while they
     * still are one) that the archive is ready. The e-mail carries no link: a
     * signed-in owner asks for a short-lived one, so a demoted or removed user
     * gets neither the e-mail nor the archive.
     */
    async mailScheduledExport(input: { scheduleId: string; exportId: string }): Promise<void> {
      const schedule = await db('export_schedules').where({ id: input.scheduleId }).first();
      const record = await db('exports').where({ id: input.exportId }).first();
      if (!schedule || !record) throw ApplicationFailure.nonRetryable('schedule or export not found', 'NotFound');
      const owners = await db('users')
        .select('id', 'email')
        .where({ account_id: schedule.account_id, role: 'owner' })
        .orderBy('id');
      const creator = owners.find((owner) => owner.id === schedule.created_by);
      const recipients = creator ? [creator] : owners;
      for (const recipient of recipients)
        await sendOnce(db, deps.mailer, {
          kind: 'export.ready',
          accountId: schedule.account_id,
          mail: {
            to: recipient.email,
            subject: 'Your scheduled Autrace export is ready',
            text: exportReadyText(deps.config, record.id),
            idempotencyKey: `export.${record.id}.ready.${recipient.id}`,
          },
        });
      await db.transaction((trx) =>
        recordAudit(trx, {
          accountId: schedule.account_id,
          actorType: 'system',
          action: 'export.delivered',
          targetType: 'export',
          targetId: record.id,
          summary: { recipients: recipients.map((r) => r.id) },
        }),
      );
    },
  };
}
