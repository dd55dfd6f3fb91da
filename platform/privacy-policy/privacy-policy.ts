import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';
import type { PrivacyPolicyVersionRow } from '../database/tables';
import { PRIVACY_POLICY_NOTICE_MIN_DAYS } from '../../temporal.config';
import { DomainError } from '../errors/domain-error';

const DAY_MS = 86_400_000;

export type PolicyVersionStatus = 'draft' | 'notifying' | 'scheduled' | 'current' | 'superseded' | 'cancelled';

export interface PolicyVersion {
  id: string;
  version: string;
  summary: string;
  status: PolicyVersionStatus;
  effectiveAt: Date;
  noticesStartedAt: Date | null;
}

const toVersion = (row: PrivacyPolicyVersionRow): PolicyVersion => ({
  id: row.id,
  version: row.version,
  summary: row.summary,
  status: row.status,
  effectiveAt: row.effective_at,
  noticesStartedAt: row.notices_started_at,
});

/** The earliest effective date allowed for notices that go out at `noticesAt`. */
export function earliestEffectiveDate(noticesAt: Date): Date {
  return new Date(noticesAt.getTime() + PRIVACY_POLICY_NOTICE_MIN_DAYS * DAY_MS);
}

export function assertEffectiveDateAllowed(effectiveAt: Date, noticesAt: Date): void {
  const earliest = earliestEffectiveDate(noticesAt);
  if (effectiveAt.getTime() < earliest.getTime()) {
    throw new DomainError(
      'PolicyEffectiveDateTooEarly',
      `the effective date must be at least ${PRIVACY_POLICY_NOTICE_MIN_DAYS} days after the notices go out (not before ${earliest.toISOString()})`,
    );
  }
}

export async function findPolicyVersion(db: Database, versionId: string): Promise<PolicyVersion | undefined> {
  const row = await db('privacy_policy_versions').where({ id: versionId }).first();
  return row && toVersion(row);
}

/** Stores a new version as a draft, with its audit entry; the notice workflow takes it from there. */
export async function publishPrivacyPolicyVersion(
  db: Database,
  input: {
    version: string;
    summary: string;
    body: string;
    effectiveAt: Date;
    /** The operator's user ID; null when published from the CLI (the audit entry then names the CLI). */
    publishedBy: string | null;
    now: Date;
  },
): Promise<PolicyVersion> {
  assertEffectiveDateAllowed(input.effectiveAt, input.now);
  return db.transaction(async (trx) => {
    const [row] = await trx('privacy_policy_versions')
      .insert({
        version: input.version,
        summary: input.summary,
        body: input.body,
        effective_at: input.effectiveAt,
        published_by: input.publishedBy,
      })
      .onConflict('version')
      .ignore()
      .returning('*');
    if (!row) throw new DomainError('PolicyVersionExists', `privacy-policy version ${input.version} already exists`);
    await recordAudit(trx, {
      ...(input.publishedBy
        ? { actorType: 'operator' as const, actorId: input.publishedBy }
        : { actorType: 'system' as const, actorId: 'cli' }),
      action: 'privacy_policy.published',
      targetType: 'privacy_policy_version',
      targetId: row.id,
      summary: { version: input.version, effectiveAt: input.effectiveAt.toISOString() },
    });
    return toVersion(row);
  });
}

/**
 * Starts the notices of a draft version, refusing an effective date less than
 * 14 days after `startAt`. Repeating it (a retry, or the next run after
 * continue-as-new) returns the version as it is.
 */
export async function beginPolicyNotices(
  db: Database,
  input: { versionId: string; startAt: Date },
): Promise<PolicyVersion> {
  return db.transaction(async (trx) => {
    const row = await trx('privacy_policy_versions').where({ id: input.versionId }).forUpdate().first();
    if (!row)
      throw new DomainError('PolicyVersionNotFound', `privacy-policy version ${input.versionId} does not exist`);
    if (row.status === 'notifying' || row.status === 'scheduled') return toVersion(row);
    if (row.status !== 'draft')
      throw new DomainError('PolicyVersionNotPending', `privacy-policy version ${input.versionId} is ${row.status}`);
    assertEffectiveDateAllowed(row.effective_at, input.startAt);
    const [updated] = await trx('privacy_policy_versions')
      .where({ id: input.versionId })
      .update({ status: 'notifying', notices_started_at: input.startAt })
      .returning('*');
    await recordAudit(trx, {
      actorType: 'system',
      action: 'privacy_policy.notices_started',
      targetType: 'privacy_policy_version',
      targetId: input.versionId,
      summary: { version: row.version, effectiveAt: row.effective_at.toISOString() },
    });
    return toVersion(updated ?? row);
  });
}

/** All notices are out: the version waits for its effective date. */
export async function markPolicyScheduled(
  db: Database,
  input: { versionId: string; noticesSent: number },
): Promise<void> {
  await db.transaction(async (trx) => {
    const updated = await trx('privacy_policy_versions')
      .where({ id: input.versionId, status: 'notifying' })
      .update({ status: 'scheduled' });
    if (updated === 0) return;
    await recordAudit(trx, {
      actorType: 'system',
      action: 'privacy_policy.notices_sent',
      targetType: 'privacy_policy_version',
      targetId: input.versionId,
      summary: { noticesSent: input.noticesSent },
    });
  });
}

/** The version becomes the current one; the previous current one is superseded. Idempotent. */
export async function makePolicyCurrent(db: Database, input: { versionId: string }): Promise<void> {
  await db.transaction(async (trx) => {
    const row = await trx('privacy_policy_versions').where({ id: input.versionId }).forUpdate().first();
    if (!row)
      throw new DomainError('PolicyVersionNotFound', `privacy-policy version ${input.versionId} does not exist`);
    if (row.status === 'current') return;
    if (row.status !== 'scheduled')
      throw new DomainError('PolicyVersionNotPending', `privacy-policy version ${input.versionId} is ${row.status}`);
    const superseded = await trx('privacy_policy_versions')
      .where({ status: 'current' })
      .update({ status: 'superseded' });
    await trx('privacy_policy_versions')
      .where({ id: input.versionId })
      .update({ status: 'current', took_effect_at: trx.fn.now() });
    await recordAudit(trx, {
      actorType: 'system',
      action: 'privacy_policy.took_effect',
      targetType: 'privacy_policy_version',
      targetId: input.versionId,
      summary: { version: row.version, superseded },
    });
  });
}

/** Withdraws a version before it takes effect. Idempotent; a current version cannot be cancelled. */
export async function cancelPolicyVersion(db: Database, input: { versionId: string }): Promise<boolean> {
  return db.transaction(async (trx) => {
    const updated = await trx('privacy_policy_versions')
      .where({ id: input.versionId })
      .whereIn('status', ['draft', 'notifying', 'scheduled'])
      .update({ status: 'cancelled' });
    if (updated === 0) return false;
    await recordAudit(trx, {
      actorType: 'operator',
      action: 'privacy_policy.cancelled',
      targetType: 'privacy_policy_version',
      targetId: input.versionId,
    });
    return true;
  });
}
