import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { workflowIds } from '../../temporal.config';
import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';
import type { DsrRow, InsertOf } from '../database/tables';
import { computeDeadlines, dueInstant, type Jurisdiction } from './deadlines';

/**
 * Data-subject requests as stored: submission (by an account member, or by
 * anyone by e-mail with a verification link), verification, and the reads
 * the workflow and the API share.
 */
export const DSR_TYPES = ['access', 'rectification', 'erasure', 'export', 'restriction', 'objection'] as const;
export type DsrType = (typeof DSR_TYPES)[number];
export const JURISDICTIONS = ['gdpr', 'ccpa'] as const;

export const rectificationDetailsSchema = z
  .object({ name: z.string().trim().min(1).max(200).optional(), email: z.string().trim().email().optional() })
  .strict();
export type RectificationDetails = z.infer<typeof rectificationDetailsSchema>;

export type { DsrRow };

export function hashVerificationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function deadlineColumns(jurisdiction: Jurisdiction, receivedAt: Date) {
  const d = computeDeadlines(jurisdiction, receivedAt);
  return { received_at: receivedAt, promised_due_at: dueInstant(d.promisedDue), legal_due_at: dueInstant(d.legalDue) };
}

export interface MemberSubmission {
  accountId: string;
  userId: string;
  type: DsrType;
  jurisdiction: Jurisdiction;
  details?: RectificationDetails;
  now: Date;
}

async function insertRequest(trx: Knex.Transaction, values: InsertOf<'data_subject_requests'>): Promise<DsrRow> {
  const [row] = await trx('data_subject_requests').insert(values).returning('*');
  if (!row) throw new Error('request insert returned no row');
  const workflowId = workflowIds.dataSubjectRequest(row.id);
  await trx('data_subject_requests').where({ id: row.id }).update({ workflow_id: workflowId });
  return { ...row, workflow_id: workflowId };
}

/** An authenticated member asks about themselves: identity is already verified by their session. */
export async function submitMemberRequest(db: Database, input: MemberSubmission): Promise<DsrRow> {
  return db.transaction(async (trx) => {
    const user = await trx('users').select('email').where({ id: input.userId, account_id: input.accountId }).first();
    if (!user) throw new Error('the user is not a member of the account');
    const row = await insertRequest(trx, {
      account_id: input.accountId,
      subject_user_id: input.userId,
      type: input.type,
      jurisdiction: input.jurisdiction,
      channel: 'member',
      subject_email: user.email,
      details: input.details ?? {},
      verified_at: input.now,
      status: 'received',
      ...deadlineColumns(input.jurisdiction, input.now),
    });
    await recordAudit(trx, {
      accountId: input.accountId,
      actorType: 'user',
      actorId: input.userId,
      action: 'dsr.submitted',
      targetType: 'data_subject_request',
      targetId: row.id,
      summary: { type: input.type, jurisdiction: input.jurisdiction, channel: 'member' },
    });
    return row;
  });
}

export interface PublicSubmission {
  email: string;
  type: DsrType;
  jurisdiction: Jurisdiction;
  details?: RectificationDetails;
  verificationTtlHours: number;
  now: Date;
}

/**
 * Anyone may ask by e-mail; nothing is released until they follow the link sent to that address.
 * Until then the request is a pending row holding only what the link needs: the hashed token, the
 * address to match and answer, what was asked. Nothing permanent is written: the audit trail starts
 * at verification (audit entries can never be deleted, and an unconfirmed address is nobody's
 * request yet), and an unconfirmed row is deleted when its link expires (`expireUnverifiedRequests`).
 */
export async function submitPublicRequest(
  db: Database,
  input: PublicSubmission,
): Promise<{ request: DsrRow; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const request = await db.transaction((trx) =>
    insertRequest(trx, {
      type: input.type,
      jurisdiction: input.jurisdiction,
      channel: 'public',
      subject_email: input.email.trim(),
      details: input.details ?? {},
      status: 'awaiting-verification',
      verification_token_hash: hashVerificationToken(token),
      verification_expires_at: new Date(input.now.getTime() + input.verificationTtlHours * 3_600_000),
      ...deadlineColumns(input.jurisdiction, input.now),
    }),
  );
  return { request, token };
}

/**
 * True when the request is already on the audit trail. Public requests submitted before the trail
 * started at verification have their `dsr.submitted` entry from submission.
 */
async function isOnAuditTrail(trx: Knex.Transaction, requestId: string): Promise<boolean> {
  const entry = await trx('audit_log')
    .select('id')
    .where({ action: 'dsr.submitted', target_type: 'data_subject_request', target_id: requestId })
    .first();
  return entry !== undefined;
}

export type VerificationResult =
  | { verified: true; request: DsrRow }
  | { verified: false; reason: 'unknown' | 'expired' | 'already-verified' | 'account-moving' };

/** Marks the request verified when the token matches and has not expired; matches the subject to a user by e-mail. */
export async function verifyRequestToken(db: Database, token: string, now: Date): Promise<VerificationResult> {
  return db.transaction(async (trx) => {
    const row = await trx('data_subject_requests')
      .where({ verification_token_hash: hashVerificationToken(token) })
      .forUpdate()
      .first();
    if (!row) return { verified: false, reason: 'unknown' };
    if (row.verified_at) return { verified: false, reason: 'already-verified' };
    if (!row.verification_expires_at || row.verification_expires_at.getTime() < now.getTime())
      return { verified: false, reason: 'expired' };
    const user = await trx('users as u')
      .join('accounts as a', 'a.id', 'u.account_id')
      .select('u.id', 'u.account_id', 'a.moving_to')
      .whereRaw('lower(u.email) = lower(?)', [row.subject_email ?? ''])
      .first<{ id: string; account_id: string; moving_to: string | null } | undefined>();
    // Verified now, in this database, the request would be lost with the move's source (see the API's guard).
    if (user?.moving_to) return { verified: false, reason: 'account-moving' };
    const [updated] = await trx('data_subject_requests')
      .where({ id: row.id })
      .update({
        verified_at: now,
        status: 'received',
        subject_user_id: user?.id ?? null,
        account_id: user?.account_id ?? null,
      })
      .returning('*');
    // The trail starts here, with the submission as received, then its verification.
    if (!(await isOnAuditTrail(trx, row.id)))
      await recordAudit(trx, {
        accountId: user?.account_id ?? null,
        actorType: 'subject',
        action: 'dsr.submitted',
        targetType: 'data_subject_request',
        targetId: row.id,
        summary: {
          type: row.type,
          jurisdiction: row.jurisdiction,
          channel: 'public',
          receivedAt: row.received_at.toISOString(),
        },
      });
    await recordAudit(trx, {
      accountId: user?.account_id ?? null,
      actorType: 'subject',
      action: 'dsr.verified',
      targetType: 'data_subject_request',
      targetId: row.id,
      summary: { matchedUser: Boolean(user) },
    });
    if (!updated) throw new Error('request vanished');
    return { verified: true, request: updated };
  });
}

export async function findRequest(db: Database, requestId: string): Promise<DsrRow | undefined> {
  return await db('data_subject_requests').where({ id: requestId }).first();
}

/**
 * The request and the database holding it, among the regions' databases (a request about an account's
 * user lives in the account's region; one from the privacy center about no customer, in the primary).
 */
export async function findRequestInRegions(
  databases: readonly Database[],
  requestId: string,
): Promise<{ row: DsrRow; db: Database } | undefined> {
  for (const db of databases) {
    const row = await findRequest(db, requestId);
    if (row) return { row, db };
  }
  return undefined;
}

/**
 * Ends public requests whose verification link expired unused. The workflow starts only once a
 * request is verified, so the retention sweep ends the rest: nothing is released and the subject is
 * not mailed again. A request that never reached the audit trail is deleted, address and all; one
 * already on it (submitted before the trail started at verification) is closed on the trail and
 * keeps no address or details. Safe to repeat and to run from every region's sweep at once (rows
 * are taken with SKIP LOCKED and ended once).
 */
export async function expireUnverifiedRequests(db: Database, asOf: Date, limit = 1_000): Promise<number> {
  return db.transaction(async (trx) => {
    const expired = await trx('data_subject_requests')
      .select('id', 'account_id', 'verification_expires_at')
      .where({ status: 'awaiting-verification' })
      .whereNull('verified_at')
      .whereNull('closed_at')
      .where('verification_expires_at', '<', asOf)
      .orderBy('verification_expires_at')
      .limit(limit)
      .forUpdate()
      .skipLocked();
    for (const row of expired) await endUnverifiedRequest(trx, row);
    return expired.length;
  });
}

/** Ends one request whose verification link expired unused, in the caller's transaction (see above). */
export async function endUnverifiedRequest(
  trx: Knex.Transaction,
  row: Pick<DsrRow, 'id' | 'account_id' | 'verification_expires_at'>,
): Promise<'deleted' | 'closed'> {
  if (!(await isOnAuditTrail(trx, row.id))) {
    await trx('data_subject_requests').where({ id: row.id }).delete();
    return 'deleted';
  }
  await trx('data_subject_requests').where({ id: row.id }).update({
    status: 'expired',
    closed_at: trx.fn.now(),
    closing_reason: 'identity not verified: the verification link expired unused',
    subject_email: null,
    details: {},
    verification_token_hash: null,
  });
  await recordAudit(trx, {
    accountId: row.account_id,
    actorType: 'system',
    action: 'dsr.expired',
    targetType: 'data_subject_request',
    targetId: row.id,
    summary: {
      reason: 'verification-expired',
      verificationExpiresAt: row.verification_expires_at?.toISOString() ?? null,
    },
  });
  return 'closed';
}
