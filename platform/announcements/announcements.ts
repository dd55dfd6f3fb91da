import { recordAudit } from '../audit/audit-trail';
import type { Config, Region } from '../config/config';
import type { Database } from '../database/database';
import type { AnnouncementKind, AnnouncementRow } from '../database/tables';
import { messageIdFor, type Mailer } from '../mail/mailer';
import { OPT_OUT_COLUMN, unsubscribeToken } from './announcement-preferences';

export interface Announcement {
  id: string;
  kind: AnnouncementKind;
  subject: string;
  status: AnnouncementRow['status'];
  recipients: number | null;
  createdAt: Date;
  completedAt: Date | null;
}

const toAnnouncement = (row: AnnouncementRow): Announcement => ({
  id: row.id,
  kind: row.kind,
  subject: row.subject,
  status: row.status,
  recipients: row.recipients,
  createdAt: row.created_at,
  completedAt: row.completed_at,
});

/** Stores an announcement with its audit entry, in one transaction; the announcement workflow mails it. */
export async function publishAnnouncement(
  db: Database,
  input: {
    kind: AnnouncementKind;
    subject: string;
    body: string;
    /** The operator's user ID; null when published from the CLI (the audit entry then names the CLI). */
    publishedBy: string | null;
  },
): Promise<Announcement> {
  return db.transaction(async (trx) => {
    const [row] = await trx('announcements')
      .insert({ kind: input.kind, subject: input.subject, body: input.body, published_by: input.publishedBy })
      .returning('*');
    if (!row) throw new Error('announcement insert returned no row');
    await recordAudit(trx, {
      ...(input.publishedBy
        ? { actorType: 'operator' as const, actorId: input.publishedBy }
        : { actorType: 'system' as const, actorId: 'cli' }),
      action: 'announcement.published',
      targetType: 'announcement',
      targetId: row.id,
      summary: { kind: row.kind },
    });
    return toAnnouncement(row);
  });
}

export async function findAnnouncement(db: Database, id: string): Promise<AnnouncementRow | undefined> {
  return db('announcements').where({ id }).first();
}

/** Newest first. */
export async function listAnnouncements(db: Database, limit: number): Promise<Announcement[]> {
  const rows = await db('announcements').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
  return rows.map(toAnnouncement);
}

/** What a region needs of an announcement to mail its users: the text, never who published it. */
export interface AnnouncementCopy {
  id: string;
  kind: AnnouncementKind;
  subject: string;
  body: string;
}

export function announcementCopy(row: AnnouncementRow): AnnouncementCopy {
  return { id: row.id, kind: row.kind, subject: row.subject, body: row.body };
}

/**
 * Stores the announcement in a region's database, under the primary's ID, so that region's delivery
 * records (and their foreign key) stay beside its users. In the primary's own database, or when run
 * again, the row is there already and nothing changes.
 */
export async function stageAnnouncement(db: Database, copy: AnnouncementCopy): Promise<void> {
  await db('announcements')
    .insert({ id: copy.id, kind: copy.kind, subject: copy.subject, body: copy.body, published_by: null })
    .onConflict('id')
    .ignore();
}

/**
 * Counts the users of `regions` (all held in `db`) the announcement reached, from the delivery records;
 * the primary's row then gets the sum over all regions. A region's copy keeps no status of its own: the
 * primary's row is the announcement, the copy what the region's delivery records refer to.
 */
export async function countRegionalDeliveries(db: Database, id: string, regions: readonly Region[]): Promise<number> {
  const [counted] = await db('announcement_deliveries as d')
    .join('users as u', 'u.id', 'd.user_id')
    .join('accounts as a', 'a.id', 'u.account_id')
    .where('d.announcement_id', id)
    .whereIn('a.region', regions)
    .count<Array<{ count: string | number }>>({ count: '*' });
  return Number(counted?.count ?? 0);
}

/**
 * Marks the announcement sent with the number of users mailed. Without `recipients`, counted from the
 * delivery records of this database (a run started before announcements went out per region); with
 * it, the sum the workflow counted in each region. Idempotent.
 */
export async function completeAnnouncement(db: Database, id: string, recipients?: number): Promise<number> {
  if (recipients === undefined) {
    const [counted] = await db('announcement_deliveries')
      .where({ announcement_id: id })
      .count<Array<{ count: string | number }>>({ count: '*' });
    recipients = Number(counted?.count ?? 0);
  }
  await db('announcements')
    .where({ id, status: 'sending' })
    .update({ status: 'sent', recipients, completed_at: db.fn.now() });
  return recipients;
}

export interface AnnouncementBatchResult {
  sent: number;
  /** Users of the batch not mailed now: already mailed by an earlier attempt, or opted out meanwhile. */
  skipped: number;
  /** The last user of a full batch; null when every eligible user has been reached. */
  nextAfterUserId: string | null;
}

/**
 * Users who may receive an announcement of this kind: not opted out, no restriction or objection in
 * force. With `regions`, only users of accounts homed there (regions may share one database).
 */
function eligibleUsers(db: Database, kind: AnnouncementKind, regions?: readonly Region[]) {
  const query = db('users as u')
    .join('accounts as a', 'a.id', 'u.account_id')
    .where('a.status', 'active')
    .whereNot('u.role', 'operator')
    .where(`u.${OPT_OUT_COLUMN[kind]}`, false)
    .whereNotExists(db('processing_restrictions as r').whereRaw('r.user_id = u.id').whereNull('r.lifted_at'));
  if (regions) query.whereIn('a.region', regions);
  return query;
}

export function unsubscribeUrl(config: Config, userId: string, kind: AnnouncementKind): string {
  return `${config.api.publicUrl}/v1/unsubscribe?token=${unsubscribeToken(config.keys.master, userId, kind)}`;
}

function announcementText(config: Config, announcement: AnnouncementRow, unsubscribe: string): string {
  const what = announcement.kind === 'product_update' ? 'product updates' : 'security notices';
  return `${announcement.body}\n\n--\nYou receive Autrace ${what} because of your Autrace account.\nUnsubscribe from ${what}: ${unsubscribe}\nManage what we send you: ${config.api.publicUrl}/settings\n`;
}

/**
 * Mails one batch of eligible users (keyset by user ID). Each delivery is
 * recorded in the transaction that wraps its send, by an insert that checks
 * the user's preference and restrictions once more, so nobody is mailed twice
 * however often the batch is retried, and an opt-out that lands mid-batch is
 * still honoured. Stops between two sends once `signal` is aborted (a worker
 * shutting down), leaving the rest to the retry.
 */
export async function sendAnnouncementBatch(
  deps: { db: Database; mailer: Mailer; config: Config },
  input: {
    announcement: AnnouncementRow;
    /** The regions whose users this batch mails (all held in `db`); without them, every user of the database. */
    regions?: readonly Region[] | undefined;
    afterUserId?: string | undefined;
    limit: number;
    concurrency: number;
    signal?: AbortSignal;
  },
): Promise<AnnouncementBatchResult> {
  const { db, mailer, config } = deps;
  const { announcement } = input;
  const query = eligibleUsers(db, announcement.kind, input.regions).orderBy('u.id').limit(input.limit);
  if (input.afterUserId) query.where('u.id', '>', input.afterUserId);
  const users: Array<{ id: string; email: string }> = await query.select('u.id', 'u.email');
  const result: AnnouncementBatchResult = { sent: 0, skipped: 0, nextAfterUserId: null };

  let next = 0;
  const sendNext = async (): Promise<void> => {
    while (next < users.length) {
      input.signal?.throwIfAborted();
      const user = users[next];
      next += 1;
      if (!user) continue;
      const outcome = await db.transaction(async (trx) => {
        const idempotencyKey = `announcement-${announcement.id}.${user.id}`;
        // Recorded with its Message-ID up front: one statement before the send, the commit after it.
        const eligible = eligibleUsers(db, announcement.kind)
          .where('u.id', user.id)
          .select(db.raw('?::uuid', [announcement.id]), 'u.id', db.raw('?', [messageIdFor(idempotencyKey)]));
        const recorded = await trx.raw<{ rows: Array<{ user_id: string }> }>(
          'insert into announcement_deliveries (announcement_id, user_id, message_id) ? on conflict do nothing returning user_id',
          [eligible],
        );
        if (recorded.rows.length === 0) return 'skipped';
        const unsubscribe = unsubscribeUrl(config, user.id, announcement.kind);
        await mailer.send({
          to: user.email,
          subject: announcement.subject,
          text: announcementText(config, announcement, unsubscribe),
          idempotencyKey,
          // RFC 8058 one-click unsubscribe: a POST to this URL unsubscribes without signing in.
          headers: {
            'List-Unsubscribe': `<${unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          },
        });
        return 'sent';
      });
      if (outcome === 'sent') result.sent += 1;
      else result.skipped += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(input.concurrency, users.length) }, sendNext));
  if (users.length === input.limit) result.nextAfterUserId = users.at(-1)?.id ?? null;
  return result;
}
