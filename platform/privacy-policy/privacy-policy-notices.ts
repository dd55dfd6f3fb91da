import type { Config, Region } from '../config/config';
import type { Database } from '../database/database';
import type { Mailer } from '../mail/mailer';
import type { PolicyVersion } from './privacy-policy';

export interface NoticeBatchResult {
  sent: number;
  alreadyNotified: number;
  /** The last user of a full batch; null when every user has been reached. */
  nextAfterUserId: string | null;
}

/** What a region needs of a version to notify its users: never its publisher, and not its full text (served from the primary). */
export interface PolicyVersionCopy {
  id: string;
  version: string;
  summary: string;
  effectiveAt: string;
}

export function policyVersionCopy(version: PolicyVersion): PolicyVersionCopy {
  return {
    id: version.id,
    version: version.version,
    summary: version.summary,
    effectiveAt: version.effectiveAt.toISOString(),
  };
}

/**
 * Stores the version in a region's database under the primary's ID, so that region's notice records (and
 * their foreign key) stay beside its users. The primary's row alone holds the version's state and text;
 * a region's row is what its notice records refer to. In the primary's own database, or when run again,
 * the row is there already and nothing changes.
 */
export async function stagePolicyVersion(db: Database, copy: PolicyVersionCopy): Promise<void> {
  await db('privacy_policy_versions')
    .insert({
      id: copy.id,
      version: copy.version,
      summary: copy.summary,
      body: '',
      status: 'notifying',
      effective_at: new Date(copy.effectiveAt),
      published_by: null,
    })
    .onConflict()
    .ignore();
}

function noticeText(config: Config, version: PolicyVersion): { subject: string; text: string } {
  const day = version.effectiveAt.toISOString().slice(0, 10);
  return {
    subject: 'Changes to the Autrace privacy policy',
    text: `We are updating our privacy policy. Version ${version.version} takes effect on ${day}.\n\nWhat changes:\n${version.summary}\n\nRead it in full: ${config.api.publicUrl}/privacy-policy/${encodeURIComponent(version.version)}\n`,
  };
}

/**
 * Notifies one batch of users (keyset by user ID). Each notice is recorded in
 * privacy_policy_notices in the transaction that wraps its send, so a user is
 * mailed once however often the batch is retried; the record is also the
 * evidence of who was notified and when. Stops between two sends once
 * `signal` is aborted (a worker shutting down), leaving the rest to the retry.
 */
export async function sendPolicyNoticeBatch(
  deps: { db: Database; mailer: Mailer; config: Config },
  input: {
    version: PolicyVersion;
    /** The regions whose users this batch notifies (all held in `db`); without them, every user of the database. */
    regions?: readonly Region[] | undefined;
    afterUserId?: string | undefined;
    limit: number;
    concurrency: number;
    signal?: AbortSignal;
  },
): Promise<NoticeBatchResult> {
  const { db, mailer, config } = deps;
  const query = db('users as u').whereNot('u.role', 'operator').orderBy('u.id').limit(input.limit);
  // Regions may share one database: the batches take the users of the accounts homed in the given regions.
  if (input.regions) query.join('accounts as a', 'a.id', 'u.account_id').whereIn('a.region', input.regions);
  if (input.afterUserId) query.where('u.id', '>', input.afterUserId);
  const users: Array<{ id: string; email: string }> = await query.select('u.id', 'u.email');
  const { subject, text } = noticeText(config, input.version);
  const result: NoticeBatchResult = { sent: 0, alreadyNotified: 0, nextAfterUserId: null };

  let next = 0;
  const sendNext = async (): Promise<void> => {
    while (next < users.length) {
      input.signal?.throwIfAborted();
      const user = users[next];
      next += 1;
      if (!user) continue;
      const outcome = await db.transaction(async (trx) => {
        const recorded = await trx('privacy_policy_notices')
          .insert({ version_id: input.version.id, user_id: user.id })
          .onConflict(['version_id', 'user_id'])
          .ignore()
          .returning('user_id');
        if (recorded.length === 0) return 'already-notified';
        const { messageId } = await mailer.send({
          to: user.email,
          subject,
          text,
          idempotencyKey: `privacy-policy-notice-${input.version.id}.${user.id}`,
        });
        await trx('privacy_policy_notices')
          .where({ version_id: input.version.id, user_id: user.id })
          .update({ message_id: messageId, sent_at: trx.fn.now() });
        return 'sent';
      });
      if (outcome === 'sent') result.sent += 1;
      else result.alreadyNotified += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(input.concurrency, users.length) }, sendNext));
  if (users.length === input.limit) result.nextAfterUserId = users.at(-1)?.id ?? null;
  return result;
}
