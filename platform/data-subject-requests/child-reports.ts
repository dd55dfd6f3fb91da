import { accountMovingTo } from '../regions/account-move';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { workflowIds } from '../../temporal.config';
import { recordAudit } from '../audit/audit-trail';
import type { Region } from '../config/config';
import type { Database } from '../database/database';
import { regionOfEmail } from '../regions/directory';
import type { RegionalDatabases } from '../regions/regional-databases';
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
 *
 * Reports are held in the primary region's database; the reported user, and so the erasure request and
 * its evidence, in the user's home region, which the directory's e-mail HMAC names.
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

async function userByEmail(trx: Knex.Transaction | Database, email: string | null, accountId?: string) {
  if (!email) return undefined;
  const query = trx('users')
    .select('id', 'account_id', 'email')
    .whereRaw('lower(email) = lower(?)', [email])
    .whereNotNull('account_id');
  if (accountId) query.where({ account_id: accountId });
  return await query.first();
}

/** Where reports look for the users they name: every region's database and the directory. */
export interface ChildReportRegions {
  primary: Database;
  primaryRegion: Region;
  directory: Database;
  directoryEmailKey: Buffer;
  of(region: Region): Database;
}

/** The API's regional databases and directory key, as reports use them. */
export function childReportRegions(deps: {
  regions: RegionalDatabases;
  config: { regions: { directory: { emailKey: Buffer } } };
}): ChildReportRegions {
  const { regions } = deps;
  return {
    primary: regions.primary,
    primaryRegion: regions.primaryRegion,
    directory: regions.directory,
    directoryEmailKey: deps.config.regions.directory.emailKey,
    of: (region) => regions.of(region),
  };
}

interface ReportedUser {
  id: string;
  accountId: string;
  email: string;
  region: Region;
  /** The database of the user's home region. */
  db: Database;
}

/**
 * The user a reported address belongs to, in the region the directory names for it; an address the
 * directory does not place is looked for among the primary region's users (accounts older than the
 * directory).
 */
export async function findReportedUser(
  regions: ChildReportRegions,
  email: string | null,
): Promise<ReportedUser | null> {
  if (!email) return null;
  const placed = await regionOfEmail(regions.directory, regions.directoryEmailKey, email);
  const candidates: Array<{ region: Region; accountId?: string }> = placed
    ? [{ region: placed.region, accountId: placed.accountId }]
    : [{ region: regions.primaryRegion }];
  for (const { region, accountId } of candidates) {
    const db = regions.of(region);
    const user = await userByEmail(db, email, accountId);
    if (user?.account_id) return { id: user.id, accountId: user.account_id, email: user.email, region, db };
  }
  return null;
}

/**
 * The account an audit entry of the primary's trail names for a reported user: theirs when they live in
 * the primary's database, none otherwise (the entry's summary names their region; their own region's
 * trail holds the entries about their account).
 */
function auditAccountOf(regions: ChildReportRegions, user: ReportedUser | null): string | null {
  return user && user.db === regions.primary ? user.accountId : null;
}

const regionSummary = (regions: ChildReportRegions, user: ReportedUser | null) =>
  user && user.db !== regions.primary ? { region: user.region } : {};

/** The reporter followed the link: the report enters the operators' queue. */
export async function verifyChildReport(
  regions: ChildReportRegions,
  token: string,
  now: Date,
): Promise<ChildReportVerification> {
  const db = regions.primary;
  const pending = await db('child_reports')
    .where({ verification_token_hash: hashVerificationToken(token) })
    .first('subject_email');
  // Looked up before the transaction opens: it may read another pool (see DirectoryWrites).
  const user = await findReportedUser(regions, pending?.subject_email ?? null);
  return db.transaction(async (trx) => {
    const row = await trx('child_reports')
      .where({ verification_token_hash: hashVerificationToken(token) })
      .forUpdate()
      .first();
    if (!row) return { verified: false, reason: 'unknown' };
    if (row.verified_at) return { verified: false, reason: 'already-verified' };
    if (!row.verification_expires_at || row.verification_expires_at.getTime() < now.getTime())
      return { verified: false, reason: 'expired' };
    const [updated] = await trx('child_reports')
      .where({ id: row.id })
      .update({ verified_at: now, status: 'open' })
      .returning('*');
    if (!updated) throw new Error('child report vanished');
    await recordAudit(trx, {
      accountId: auditAccountOf(regions, user),
      ...REPORTER,
      action: 'child_report.received',
      targetType: 'child_report',
      targetId: row.id,
      summary: { matchedUser: Boolean(user), ...regionSummary(regions, user) },
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
  regions: ChildReportRegions,
  status: 'open' | 'confirmed' | 'rejected',
  limit = 100,
): Promise<ChildReportQueueEntry[]> {
  const rows = await regions.primary('child_reports').where({ status }).orderBy('created_at').limit(limit).select('*');
  const entries: ChildReportQueueEntry[] = [];
  for (const report of rows) {
    // Decided reports no longer hold the address, so only open ones are looked up.
    const user = await findReportedUser(regions, report.subject_email);
    entries.push({ report, user: user ? { id: user.id, accountId: user.accountId } : null });
  }
  return entries;
}

export type ChildReportDecision =
  | {
      ok: true;
      report: ChildReportRow;
      reporterEmail: string | null;
      request: DsrRow | null;
      /** The database holding the request: the reported user's home region's. */
      requestDb: Database | null;
    }
  | { ok: false; reason: 'not-found' | 'already-decided' | 'no-user' | 'account-moving' };

const CLEARED = { subject_email: null, details: null, verification_token_hash: null } as const;

/**
 * Confirms a report. In the reported user's home region, one transaction creates the erasure request on
 * them (verified, since the operator vouches for it) with its `dsr.submitted` entry on that region's
 * audit trail; then, in the primary's, one transaction marks the report confirmed, naming the request and
 * its region, clears its text and records `child_report.confirmed`. A confirmation repeated after a
 * failure between the two finds the request made for the report instead of making another. The caller
 * then starts the request's workflow with the operator's decision to proceed
 * (platform/temporal/data-subject-request-client.ts). A report whose address matches no user can't be
 * confirmed.
 */
export async function confirmChildReport(
  regions: ChildReportRegions,
  input: { reportId: string; operatorId: string; now: Date },
): Promise<ChildReportDecision> {
  const pending = await regions.primary('child_reports').where({ id: input.reportId }).first();
  if (!pending || pending.status === 'awaiting-verification') return { ok: false, reason: 'not-found' };
  if (pending.status !== 'open') return { ok: false, reason: 'already-decided' };
  const user = await findReportedUser(regions, pending.subject_email);
  if (!user) return { ok: false, reason: 'no-user' };
  // An erasure request written now in the user's region would be lost with the source of the account's move.
  if (await accountMovingTo(user.db, user.accountId)) return { ok: false, reason: 'account-moving' };
  const operator = { actorType: 'operator' as const, actorId: input.operatorId };

  const request = await user.db.transaction(async (trx): Promise<DsrRow> => {
    const made = await trx('data_subject_requests')
      .where({ channel: 'child-report', subject_user_id: user.id })
      .whereRaw(`details->>'childReportId' = ?`, [pending.id])
      .first();
    if (made) return made;
    const deadlines = computeDeadlines('gdpr', input.now);
    const [inserted] = await trx('data_subject_requests')
      .insert({
        account_id: user.accountId,
        subject_user_id: user.id,
        type: 'erasure',
        jurisdiction: 'gdpr',
        channel: 'child-report',
        subject_email: user.email,
        details: { childReportId: pending.id },
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
    await recordAudit(trx, {
      accountId: user.accountId,
      ...operator,
      action: 'dsr.submitted',
      targetType: 'data_subject_request',
      targetId: inserted.id,
      summary: { type: 'erasure', jurisdiction: 'gdpr', channel: 'child-report', childReportId: pending.id },
    });
    return { ...inserted, workflow_id: workflowId };
  });

  return regions.primary.transaction(async (trx) => {
    const row = await trx('child_reports').where({ id: input.reportId }).forUpdate().first();
    // Decided meanwhile by another operator: the request made above waits, unstarted, for a repeated confirmation.
    if (!row || row.status !== 'open') return { ok: false, reason: 'already-decided' };
    const [report] = await trx('child_reports')
      .where({ id: row.id })
      .update({
        status: 'confirmed',
        decided_by: input.operatorId,
        decided_at: input.now,
        request_id: request.id,
        request_region: user.region,
        reporter_email: null,
        ...CLEARED,
      })
      .returning('*');
    if (!report) throw new Error('child report vanished');
    await recordAudit(trx, {
      accountId: auditAccountOf(regions, user),
      ...operator,
      action: 'child_report.confirmed',
      targetType: 'child_report',
      targetId: row.id,
      summary: { requestId: request.id, subjectUserId: user.id, ...regionSummary(regions, user) },
    });
    return { ok: true, report, reporterEmail: row.reporter_email, request, requestDb: user.db };
  });
}

/** Rejects a report: only the report changes (decided, its text cleared), on the audit trail. */
export async function rejectChildReport(
  regions: ChildReportRegions,
  input: { reportId: string; operatorId: string; now: Date },
): Promise<ChildReportDecision> {
  const pending = await regions.primary('child_reports').where({ id: input.reportId }).first('subject_email');
  const user = await findReportedUser(regions, pending?.subject_email ?? null);
  return regions.primary.transaction(async (trx) => {
    const row = await trx('child_reports').where({ id: input.reportId }).forUpdate().first();
    if (!row || row.status === 'awaiting-verification') return { ok: false, reason: 'not-found' };
    if (row.status !== 'open') return { ok: false, reason: 'already-decided' };
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
      accountId: auditAccountOf(regions, user),
      actorType: 'operator',
      actorId: input.operatorId,
      action: 'child_report.rejected',
      targetType: 'child_report',
      targetId: row.id,
      summary: regionSummary(regions, user),
    });
    return { ok: true, report, reporterEmail: row.reporter_email, request: null, requestDb: null };
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
