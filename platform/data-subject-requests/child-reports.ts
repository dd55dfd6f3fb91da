import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { workflowIds } from '../../temporal.config';
import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';
import type { ChildReportRow, DsrRow } from '../database/tables';
import { computeDeadlines, dueInstant } from './deadlines';
import { hashVerificationToken } from './requests';

/**
 * Reports that a user is a child. Autrace is not directed to children under
 * 16: sign-up asks for a confirmation of age, and anyone may report, through
 * the privacy center, that a user is under 16. The reporter's address is
 * verified by an e-mailed link, as a public data-subject request's is; only
 * then does the report reach the operators' queue, and the audit trail (an
 * unconfirmed address is nobody's report yet, and audit entries are never
 * deleted). An operator who confirms it starts an erasure request (channel
 * `child-report`) on the reported user, run by the data-subject request
 * workflow with the operator's decision already taken: nobody waits for the
 * account's owner. A rejection changes nothing but the report. Either way the
 * report's addresses and text are cleared once decided.
 */
export type { ChildReportRow };

/** The reporter acts from outside, by e-mail link, as public requesters do: the audit trail calls them `subject`. */
const REPORTER = { actorType: 'subject' as const, actorId: null };

export interface ChildReportSubmission {
  reporterEmail: string;
  subjectEmail: string;
  details?: string | undefined;
  verificationTtlHours: number;
  now: Date;
}

export async function submitChildReport(
  db: Database,
  input: ChildReportSubmission,
): Promise<{ report: ChildReportRow; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const [report] = await db('child_reports')
    .insert({
      reporter_email: input.reporterEmail.trim(),
      subject_email: input.subjectEmail.trim(),
      details: input.details?.trim() || null,
      verification_token_hash: hashVerificationToken(token),
      verification_expires_at: new Date(input.now.getTime() + input.verificationTtlHours * 3_600_000),
    })
    .returning('*');
  if (!report) throw new Error('child report insert returned no row');
  return { report, token };
}

export type ChildReportVerification =
  { verified: true; report: ChildReportRow } | { verified: false; reason: 'unknown' | 'expired' | 'already-verified' };

async function userByEmail(trx: Knex.Transaction, email: string | null) {
  if (!email) return undefined;
  return await trx('users')
    .select('id', 'account_id', 'email')
    .whereRaw('lower(email) = lower(?)', [email])
    .whereNotNull('account_id')
    .first();
}

/** The reporter followed the link: the report enters the operators' queue. */
export async function verifyChildReport(db: Database, token: string, now: Date): Promise<ChildReportVerification> {
  return db.transaction(async (trx) => {
    const row = await trx('child_reports')
      .where({ verification_token_hash: hashVerificationToken(token) })
      .forUpdate()
      .first();
    if (!row) return { verified: false, reason: 'unknown' };
    if (row.verified_at) return { verified: false, reason: 'already-verified' };
    if (!row.verification_expires_at || row.verification_expires_at.getTime() < now.getTime())
      return { verified: false, reason: 'expired' };
    const user = await userByEmail(trx, row.subject_email);
    const [updated] = await trx('child_reports')
      .where({ id: row.id })
      .update({ verified_at: now, status: 'open' })
      .returning('*');
    if (!updated) throw new Error('child report vanished');
    await recordAudit(trx, {
      accountId: user?.account_id ?? null,
      ...REPORTER,
      action: 'child_report.received',
      targetType: 'child_report',
      targetId: row.id,
      summary: { matchedUser: Boolean(user) },
    });
    return { verified: true, report: updated };
  });
}

export interface ChildReportQueueEntry {
  report: ChildReportRow;
  /** The user the reported address belongs to now, if any. */
  user: { id: string; accountId: string } | null;
}

/** Verified reports, oldest first; `open` ones are the operators' queue. */
export async function listChildReports(
  db: Database,
  status: 'open' | 'confirmed' | 'rejected',
  limit = 100,
): Promise<ChildReportQueueEntry[]> {
  const rows = await db('child_reports')
    .leftJoin('users', function () {
      this.on(db.raw('lower(users.email) = lower(child_reports.subject_email)')).andOnNotNull('users.account_id');
    })
    .where('child_reports.status', status)
    .orderBy('child_reports.created_at')
    .limit(limit)
    .select<Array<ChildReportRow & { user_id: string | null; user_account_id: string | null }>>(
      'child_reports.*',
      'users.id as user_id',
      'users.account_id as user_account_id',
    );
  return rows.map(({ user_id, user_account_id, ...report }) => ({
    report,
    user: user_id && user_account_id ? { id: user_id, accountId: user_account_id } : null,
  }));
}

export type ChildReportDecision =
  | { ok: true; report: ChildReportRow; reporterEmail: string | null; request: DsrRow | null }
  | { ok: false; reason: 'not-found' | 'already-decided' | 'no-user' };

const CLEARED = { subject_email: null, details: null, verification_token_hash: null } as const;

/**
 * Confirms a report: one transaction creates the erasure request on the reported user (verified, since
 * the operator vouches for it), marks the report confirmed and clears its text, and records both on the
 * audit trail. The caller then starts the request's workflow with the operator's decision to proceed
 * (platform/temporal/child-report-client.ts). A report whose address matches no user can't be confirmed.
 */
export async function confirmChildReport(
  db: Database,
  input: { reportId: string; operatorId: string; now: Date },
): Promise<ChildReportDecision> {
  return db.transaction(async (trx) => {
    const row = await trx('child_reports').where({ id: input.reportId }).forUpdate().first();
    if (!row || row.status === 'awaiting-verification') return { ok: false, reason: 'not-found' };
    if (row.status !== 'open') return { ok: false, reason: 'already-decided' };
    const user = await userByEmail(trx, row.subject_email);
    if (!user?.account_id) return { ok: false, reason: 'no-user' };
    const deadlines = computeDeadlines('gdpr', input.now);
    const [inserted] = await trx('data_subject_requests')
      .insert({
        account_id: user.account_id,
        subject_user_id: user.id,
        type: 'erasure',
        jurisdiction: 'gdpr',
        channel: 'child-report',
        subject_email: user.email,
        details: {},
        verified_at: input.now,
        status: 'received',
        received_at: input.now,
        promised_due_at: dueInstant(deadlines.promisedDue),
        legal_due_at: dueInstant(deadlines.legalDue),
      })
      .returning('*');
    if (!inserted) throw new Error('request insert returned no row');
    const workflowId = workflowIds.dataSubjectRequest(inserted.id);
    await trx('data_subject_requests').where({ id: inserted.id }).update({ workflow_id: workflowId });
    const request: DsrRow = { ...inserted, workflow_id: workflowId };
    const [report] = await trx('child_reports')
      .where({ id: row.id })
      .update({
        status: 'confirmed',
        decided_by: input.operatorId,
        decided_at: input.now,
        request_id: request.id,
        reporter_email: null,
        ...CLEARED,
      })
      .returning('*');
    if (!report) throw new Error('child report vanished');
    const operator = { actorType: 'operator' as const, actorId: input.operatorId };
    await recordAudit(trx, {
      accountId: user.account_id,
      ...operator,
      action: 'child_report.confirmed',
      targetType: 'child_report',
      targetId: row.id,
      summary: { requestId: request.id, subjectUserId: user.id },
    });
    await recordAudit(trx, {
      accountId: user.account_id,
      ...operator,
      action: 'dsr.submitted',
      targetType: 'data_subject_request',
      targetId: request.id,
      summary: { type: 'erasure', jurisdiction: 'gdpr', channel: 'child-report', childReportId: row.id },
    });
    return { ok: true, report, reporterEmail: row.reporter_email, request };
  });
}

/** Rejects a report: only the report changes (decided, its text cleared), on the audit trail. */
export async function rejectChildReport(
  db: Database,
  input: { reportId: string; operatorId: string; now: Date },
): Promise<ChildReportDecision> {
  return db.transaction(async (trx) => {
    const row = await trx('child_reports').where({ id: input.reportId }).forUpdate().first();
    if (!row || row.status === 'awaiting-verification') return { ok: false, reason: 'not-found' };
    if (row.status !== 'open') return { ok: false, reason: 'already-decided' };
    const user = await userByEmail(trx, row.subject_email);
    const [report] = await trx('child_reports')
      .where({ id: row.id })
      .update({
        status: 'rejected',
        decided_by: input.operatorId,
        decided_at: input.now,
        reporter_email: null,
        ...CLEARED,
      })
      .returning('*');
    if (!report) throw new Error('child report vanished');
    await recordAudit(trx, {
      accountId: user?.account_id ?? null,
      actorType: 'operator',
      actorId: input.operatorId,
      action: 'child_report.rejected',
      targetType: 'child_report',
      targetId: row.id,
      summary: {},
    });
    return { ok: true, report, reporterEmail: row.reporter_email, request: null };
  });
}

/** Deletes reports whose verification link expired unused: they never reached the queue or the audit trail. */
export async function deleteUnverifiedChildReports(db: Database, asOf: Date): Promise<number> {
  return await db('child_reports')
    .where({ status: 'awaiting-verification' })
    .whereNull('verified_at')
    .where('verification_expires_at', '<', asOf)
    .delete();
}
