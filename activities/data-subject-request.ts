import { heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSubjectRequestExtensionResult } from '../temporal.config';
import { recordAudit } from '../platform/audit/audit-trail';
import {
  computeDeadlines,
  decideExtension,
  dueInstant,
  workingDueAt,
} from '../platform/data-subject-requests/deadlines';
import { readDecision, readEvent } from '../platform/data-subject-requests/request-events';
import {
  endUnverifiedRequest,
  findRequest,
  rectificationDetailsSchema,
  type DsrRow,
  type DsrType,
} from '../platform/data-subject-requests/requests';
import {
  eraseSubject,
  gatherSubjectInventory,
  rectifySubject,
  recordProcessorNotices,
  restrictProcessing,
  type RetainableCategory,
  type SubjectInventory,
} from '../platform/data-subject-requests/subject-data';
import { EXPORT_CATEGORIES } from '../platform/exports/export-categories';
import { createSubjectDownloadToken } from '../platform/exports/export-download-links';
import { deleteSubjectExports } from '../platform/exports/export-erasure';
import { exportReadyText, subjectExportReadyText } from '../platform/exports/export-mail';
import { createExportRecord, runExport } from '../platform/exports/export-runs';
import { HELD_FOR_ACCOUNT_NOTE } from '../platform/data-subject-requests/subject-scope';
import {
  billingContactCustomer,
  eraseAtStripe,
  rectifyAtStripe,
  restrictAtStripe,
} from '../platform/data-subject-requests/processor-actions';
import { sendOnce } from '../platform/mail/send-once';
import { directoryWrites, forgetUser } from '../platform/regions/directory';
import { DomainError } from '../platform/errors/domain-error';
import type { ActivityDeps } from './index';

/** What the workflow knows of a request: IDs, kinds and dates, never personal data. */
export interface DsrSnapshot {
  requestId: string;
  type: DsrType;
  jurisdiction: 'gdpr' | 'ccpa';
  channel: 'member' | 'public' | 'child-report';
  accountId: string | null;
  hasSubjectUser: boolean;
  receivedAt: string;
  acknowledgeBy: string;
  dueAt: string;
  legalDueAt: string;
  extended: boolean;
  verified: boolean;
  verificationExpiresAt: string | null;
  closed: boolean;
}

export type OperatorAlertKind = 'reminder-7d' | 'reminder-2d' | 'escalation' | 'overdue';

export type DsrAnswer =
  | { kind: 'export'; exportId: string }
  | { kind: 'erased'; retained: string[] }
  | { kind: 'rectified'; fields: string[] }
  | { kind: 'restricted'; scope: string[] }
  | { kind: 'refused'; decisionEventId: string }
  | { kind: 'no-data' };

export function snapshotOf(row: DsrRow): DsrSnapshot {
  const deadlines = computeDeadlines(row.jurisdiction, row.received_at);
  return {
    requestId: row.id,
    type: row.type,
    jurisdiction: row.jurisdiction,
    channel: row.channel,
    accountId: row.account_id,
    hasSubjectUser: row.subject_user_id !== null,
    receivedAt: row.received_at.toISOString(),
    acknowledgeBy: dueInstant(deadlines.acknowledgeBy).toISOString(),
    dueAt: workingDueAt(row).toISOString(),
    legalDueAt: (row.extended_due_at ?? row.legal_due_at).toISOString(),
    extended: row.extended_due_at !== null,
    verified: row.verified_at !== null,
    verificationExpiresAt: row.verification_expires_at?.toISOString() ?? null,
    closed: row.closed_at !== null,
  };
}

const TYPE_LABEL: Record<DsrType, string> = {
  access: 'access to your data',
  rectification: 'correction of your data',
  erasure: 'erasure of your data',
  export: 'a copy of your data (portability)',
  restriction: 'restriction of processing',
  objection: 'objection to processing',
};

export function createDataSubjectRequestActivities(deps: ActivityDeps) {
  const { db, mailer, config } = deps;

  async function load(requestId: string): Promise<DsrRow> {
    const row = await findRequest(db, requestId);
    if (!row) throw ApplicationFailure.nonRetryable(`data-subject request ${requestId} not found`, 'NotFound');
    return row;
  }

  async function mailSubject(row: DsrRow, step: string, subject: string, text: string): Promise<void> {
    if (!row.subject_email) return;
    await sendOnce(db, mailer, {
      kind: `dsr.${step.split('.')[0] ?? step}`,
      accountId: row.account_id,
      mail: { to: row.subject_email, subject, text, idempotencyKey: `dsr.${row.id}.${step}` },
    });
  }

  async function audit(row: DsrRow, action: string, summary: Record<string, unknown> = {}) {
    await db.transaction((trx) =>
      recordAudit(trx, {
        accountId: row.account_id,
        actorType: 'system',
        action,
        targetType: 'data_subject_request',
        targetId: row.id,
        summary,
      }),
    );
  }

  return {
    async loadDataSubjectRequest(requestId: string): Promise<DsrSnapshot> {
      return snapshotOf(await load(requestId));
    },

    async acknowledgeDataSubjectRequest(requestId: string): Promise<void> {
      const row = await load(requestId);
      if (row.acknowledged_at) return;
      const snapshot = snapshotOf(row);
      if (row.channel === 'child-report')
        await mailSubject(
          row,
          'acknowledged',
          'We are erasing your Autrace data',
          `Autrace is not meant for children under 16. We received a report that this address belongs to someone under 16, and our privacy team confirmed it, so we are erasing the personal data we hold under it (reference ${row.id}).\n` +
            `We will confirm by ${snapshot.dueAt.slice(0, 10)}. If the report is wrong, write to ${config.privacy.teamEmail}.`,
        );
      else
        await mailSubject(
          row,
          'acknowledged',
          'We received your privacy request',
          `We received your request for ${TYPE_LABEL[row.type]} (reference ${row.id}).\n` +
            `We will answer by ${snapshot.dueAt.slice(0, 10)}.` +
            (row.verified_at ? '' : `\nPlease confirm it is you by following the link we sent in a separate e-mail.`),
        );
      await db.transaction(async (trx) => {
        await trx('data_subject_requests').where({ id: row.id }).update({ acknowledged_at: trx.fn.now() });
        await recordAudit(trx, {
          accountId: row.account_id,
          actorType: 'system',
          action: 'dsr.acknowledged',
          targetType: 'data_subject_request',
          targetId: row.id,
        });
      });
    },

    /**
     * Workflows started before verification (older versions) end their expired request here: the
     * subject is told first, since ending it may delete the address (endUnverifiedRequest).
     */
    async expireUnverifiedRequest(requestId: string): Promise<void> {
      const row = await findRequest(db, requestId);
      // Already deleted by a previous attempt (or by the sweep): nothing is left to end.
      if (!row || row.closed_at) return;
      await mailSubject(
        row,
        'expired',
        'Your privacy request has expired',
        `Your request ${row.id} was not confirmed in time, so we have closed it. You are welcome to ask again.`,
      );
      await db.transaction((trx) => endUnverifiedRequest(trx, row));
    },

    async setDataSubjectRequestStatus(requestId: string, status: string): Promise<void> {
      await db('data_subject_requests').where({ id: requestId }).update({ status });
    },

    async gatherSubjectData(requestId: string): Promise<SubjectInventory> {
      return gatherSubjectInventory(db, await load(requestId));
    },

    async exportSubjectData(requestId: string): Promise<string | null> {
      const row = await load(requestId);
      if (!row.account_id || !row.subject_user_id) return null;
      const existing = await db('exports').where({ request_id: row.id }).first();
      const account = await db('accounts').select('region').where({ id: row.account_id }).first();
      const record =
        existing ??
        (await createExportRecord(db, {
          accountId: row.account_id,
          kind: 'dsr',
          region: account?.region ?? 'eu',
          requestId: row.id,
          requestedBy: row.subject_user_id,
        }));
      heartbeat('exporting');
      await runExport(deps, { exportId: record.id, subjectUserId: row.subject_user_id });
      return record.id;
    },

    async eraseSubjectData(requestId: string, decisionEventId: string | null): Promise<{ retained: string[] }> {
      const row = await load(requestId);
      const decision = decisionEventId ? await readDecision(db, decisionEventId) : { retain: [] };
      // Stripe first: while its customer ID is still on the account, a retry after a crash can finish the job.
      const retained: readonly RetainableCategory[] = decision.retain;
      const customerId = retained.includes('billing') ? null : await billingContactCustomer(db, row);
      if (customerId) await eraseAtStripe(deps.stripe, customerId);
      // The archives next: their rows name the subject as requester only while the user row exists.
      if (row.account_id && row.subject_user_id)
        await deleteSubjectExports(db, deps.storage, {
          requestId: row.id,
          accountId: row.account_id,
          subjectUserId: row.subject_user_id,
        });
      // The directory's entry first, while the user row still gives the address (a repeat finds it again).
      if (row.subject_user_id) {
        const user = await db('users').where({ id: row.subject_user_id }).first('email');
        if (user) await forgetUser(deps.regions.directory, deps.config.regions.directory.emailKey, user.email);
      }
      const result = await eraseSubject(db, row, decision.retain);
      return { retained: result.retained };
    },

    async rectifySubjectData(requestId: string): Promise<{ fields: string[] }> {
      const row = await load(requestId);
      const details = rectificationDetailsSchema.safeParse(row.details);
      if (!details.success)
        throw ApplicationFailure.nonRetryable('the requested correction is not valid', 'InvalidRectification');
      const customerId = await billingContactCustomer(db, row);
      if (customerId) await rectifyAtStripe(deps.stripe, customerId, details.data, row.id);
      // A corrected address moves the user's directory entry: the new one first, the old one once committed.
      const newEmail = details.data.email;
      const user =
        row.subject_user_id && newEmail
          ? await db('users').where({ id: row.subject_user_id }).first('email', 'account_id')
          : undefined;
      const changes = user?.account_id && newEmail && user.email.toLowerCase() !== newEmail.toLowerCase();
      if (!user?.account_id || !newEmail || !changes) return rectifySubject(db, row, details.data);
      const accountId = user.account_id;
      const writes = directoryWrites(deps);
      const result = await writes
        .run(async () => {
          await writes.addUser(newEmail, accountId, true);
          return rectifySubject(db, row, details.data);
        })
        .catch((error: unknown) => {
          if (error instanceof DomainError && error.code === 'EmailTaken')
            throw ApplicationFailure.nonRetryable('the corrected address belongs to another user', 'EmailTaken');
          throw error;
        });
      await forgetUser(deps.regions.directory, config.regions.directory.emailKey, user.email);
      return result;
    },

    async restrictSubjectProcessing(requestId: string): Promise<{ scope: string[] }> {
      const row = await load(requestId);
      const kind = row.type === 'objection' ? 'objection' : 'restriction';
      const customerId = await billingContactCustomer(db, row);
      if (customerId) await restrictAtStripe(deps.stripe, customerId, kind, row.id);
      return restrictProcessing(db, row, kind);
    },

    async notifyProcessors(requestId: string, action: string): Promise<string[]> {
      return recordProcessorNotices(db, await load(requestId), action);
    },

    async answerDataSubject(requestId: string, answer: DsrAnswer): Promise<void> {
      const row = await load(requestId);
      let text: string;
      switch (answer.kind) {
        case 'export': {
          const record = await db('exports').where({ id: answer.exportId }).first();
          if (!record) throw new Error(`export ${answer.exportId} not found`);
          // A member asks for links signed in; a public subject has only their mailbox, so it gets a token.
          text =
            row.channel === 'public'
              ? subjectExportReadyText(config, await createSubjectDownloadToken(db, config.keys.master, record.id))
              : exportReadyText(config, record.id);
          // The archive's row counts list exactly the categories it holds; the others were held for the account.
          const held = EXPORT_CATEGORIES.filter((c) => !(c in record.row_counts));
          if (held.length > 0) text += `\nNot included, ${HELD_FOR_ACCOUNT_NOTE}: ${held.join(', ')}.`;
          break;
        }
        case 'erased':
          text = `We erased your personal data.${answer.retained.length ? ` We keep ${answer.retained.join(', ')} where the law requires us to; we will erase them when that duty ends.` : ''}`;
          break;
        case 'rectified':
          text = `We corrected your data (${answer.fields.join(', ') || 'no change was needed'}).`;
          break;
        case 'restricted':
          text = `We have restricted the processing of your data (${answer.scope.join(', ')}).`;
          break;
        case 'refused': {
          const decision = await readDecision(db, answer.decisionEventId);
          text = `We cannot act on your request. Reason: ${decision.basis}\nYou may complain to a supervisory authority.`;
          break;
        }
        case 'no-data':
          text = 'We hold no personal data about you under this e-mail address.';
          break;
      }
      await mailSubject(row, 'answered', `Your privacy request ${row.id}`, text);
      await audit(row, 'dsr.answered', { answer: answer.kind });
    },

    /** Closes the request; after an erasure the request's own copy of the address goes too. */
    async closeDataSubjectRequest(requestId: string, status: 'answered' | 'refused'): Promise<void> {
      const row = await load(requestId);
      if (row.closed_at) return;
      await db.transaction(async (trx) => {
        const anonymise = row.type === 'erasure' && status === 'answered';
        await trx('data_subject_requests')
          .where({ id: row.id })
          .update({ status, closed_at: trx.fn.now(), ...(anonymise ? { subject_email: null, details: {} } : {}) });
        if (anonymise)
          await trx('dsr_events')
            .where({ request_id: row.id })
            .update({ body: trx.raw(`jsonb_build_object('redacted', true)`) });
        await recordAudit(trx, {
          accountId: row.account_id,
          actorType: 'system',
          action: 'dsr.closed',
          targetType: 'data_subject_request',
          targetId: row.id,
          summary: { status },
        });
      });
    },

    async sendOperatorAlert(requestId: string, kind: OperatorAlertKind, dueAt: string): Promise<void> {
      const row = await load(requestId);
      const subject =
        kind === 'escalation' || kind === 'overdue'
          ? `ESCALATION: privacy request ${row.id} ${kind === 'overdue' ? 'is overdue' : 'is due within a day'}`
          : `Reminder: privacy request ${row.id} is due ${dueAt.slice(0, 10)}`;
      const sent = await sendOnce(db, mailer, {
        kind: `dsr.${kind}`,
        accountId: row.account_id,
        mail: {
          to: config.privacy.teamEmail,
          subject,
          text: `Request ${row.id} (${row.type}, ${row.jurisdiction.toUpperCase()}) is due ${dueAt}. Status: ${row.status}.`,
          idempotencyKey: `dsr.${row.id}.${kind}.${dueAt}`,
        },
      });
      if (sent === 'sent')
        await audit(row, `dsr.operator_${kind === 'escalation' || kind === 'overdue' ? 'escalated' : 'reminded'}`, {
          kind,
          dueAt,
        });
    },

    /** Applies (or refuses) an extension decided by the workflow at workflow time `decidedAt`. */
    async applyExtension(
      requestId: string,
      eventId: string,
      decidedAt: string,
    ): Promise<DataSubjectRequestExtensionResult> {
      const row = await load(requestId);
      const event = await readEvent(db, eventId);
      if (event.status === 'applied') return { allowed: true, dueAt: row.extended_due_at?.toISOString() ?? '' };
      const deadlines = computeDeadlines(row.jurisdiction, row.received_at);
      const decision = decideExtension(deadlines, new Date(decidedAt), row.extended_due_at !== null);
      if (!decision.allowed) {
        await db.transaction(async (trx) => {
          await trx('dsr_events').where({ id: eventId }).update({ status: 'refused' });
          await recordAudit(trx, {
            accountId: row.account_id,
            actorType: 'system',
            action: 'dsr.extension_refused',
            targetType: 'data_subject_request',
            targetId: row.id,
            summary: { eventId },
          });
        });
        return { allowed: false, reason: decision.reason };
      }
      const dueAt = dueInstant(decision.newDue);
      await db.transaction(async (trx) => {
        await trx('data_subject_requests').where({ id: row.id }).update({ extended_due_at: dueAt });
        await trx('dsr_events').where({ id: eventId }).update({ status: 'applied' });
        await recordAudit(trx, {
          accountId: row.account_id,
          actorType: 'system',
          action: 'dsr.extended',
          targetType: 'data_subject_request',
          targetId: row.id,
          summary: { eventId, dueAt: dueAt.toISOString() },
        });
      });
      const reason = typeof event.body.reason === 'string' ? event.body.reason : '';
      await mailSubject(
        row,
        `extended.${eventId}`,
        `Your privacy request ${row.id} needs more time`,
        `We need more time to answer your request, until ${decision.newDue}.\nReason: ${reason}`,
      );
      return { allowed: true, dueAt: dueAt.toISOString() };
    },

    async readDecisionOutcome(eventId: string): Promise<'proceed' | 'refuse'> {
      return (await readDecision(db, eventId)).outcome;
    },
  };
}

export type DataSubjectRequestActivities = ReturnType<typeof createDataSubjectRequestActivities>;
