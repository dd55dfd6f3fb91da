import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { recordAudit, type AuditActorType } from '../audit/audit-trail';
import type { Database } from '../database/database';
import type { AnnouncementKind } from '../database/tables';

export const ANNOUNCEMENT_KINDS = ['product_update', 'security_notice'] as const satisfies readonly AnnouncementKind[];

/**
 * The column of `users` that holds a kind's opt-out. Product updates keep the
 * long-standing `marketing_opt_out` (an objection to processing sets it, and
 * every other product e-mail reads it); security notices have their own.
 * Both kinds can be opted out of, as the privacy policy promises (§2).
 */
export const OPT_OUT_COLUMN = {
  product_update: 'marketing_opt_out',
  security_notice: 'security_notices_opt_out',
} as const satisfies Record<AnnouncementKind, string>;

export interface AnnouncementPreferences {
  productUpdates: boolean;
  securityNotices: boolean;
}

export async function announcementPreferences(
  db: Database | Knex.Transaction,
  userId: string,
): Promise<AnnouncementPreferences | undefined> {
  const row = await db('users').where({ id: userId }).first('marketing_opt_out', 'security_notices_opt_out');
  return row && { productUpdates: !row.marketing_opt_out, securityNotices: !row.security_notices_opt_out };
}

/**
 * Sets a user's preferences; only a change writes its audit entry (in the
 * same transaction). Returns the preferences now in force, or undefined for
 * an unknown user.
 */
export async function setAnnouncementPreferences(
  db: Database,
  input: {
    userId: string;
    preferences: Partial<AnnouncementPreferences>;
    actor: { actorType: AuditActorType; actorId: string };
    /** How the change was made, for the audit entry: the settings page or an unsubscribe link. */
    via: 'settings' | 'unsubscribe-link';
  },
): Promise<AnnouncementPreferences | undefined> {
  return db.transaction(async (trx) => {
    const row = await trx('users')
      .where({ id: input.userId })
      .forUpdate()
      .first('account_id', 'marketing_opt_out', 'security_notices_opt_out');
    if (!row) return undefined;
    const before = { productUpdates: !row.marketing_opt_out, securityNotices: !row.security_notices_opt_out };
    const after = { ...before, ...input.preferences };
    const changed = (Object.keys(after) as Array<keyof AnnouncementPreferences>).filter((k) => after[k] !== before[k]);
    if (changed.length === 0) return after;
    await trx('users').where({ id: input.userId }).update({
      marketing_opt_out: !after.productUpdates,
      security_notices_opt_out: !after.securityNotices,
      updated_at: trx.fn.now(),
    });
    await recordAudit(trx, {
      accountId: row.account_id,
      ...input.actor,
      action: 'user.announcement_preferences_changed',
      targetType: 'user',
      targetId: input.userId,
      summary: { ...after, changed, via: input.via },
    });
    return after;
  });
}

const KIND_CODE: Record<AnnouncementKind, string> = { product_update: 'p', security_notice: 's' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function tokenMac(masterKey: Buffer, userId: string, kind: AnnouncementKind): Buffer {
  return createHmac('sha256', masterKey).update(`autrace-unsubscribe:v1:${userId}:${kind}`).digest();
}

/**
 * The token of a user's one-click unsubscribe link for one kind: the user ID,
 * the kind and an HMAC under the master key, so it needs no table, cannot be
 * forged or guessed for another user or kind, and keeps working for as long
 * as old mails are read. URL-safe as it is.
 */
export function unsubscribeToken(masterKey: Buffer, userId: string, kind: AnnouncementKind): string {
  return `${userId}.${KIND_CODE[kind]}.${tokenMac(masterKey, userId, kind).toString('base64url')}`;
}

/** The user and kind a token names, or null when it is malformed or its signature does not match. */
export function readUnsubscribeToken(
  masterKey: Buffer,
  token: string,
): { userId: string; kind: AnnouncementKind } | null {
  const [userId, code, mac, ...rest] = token.split('.');
  if (!userId || !code || !mac || rest.length > 0 || !UUID.test(userId)) return null;
  const kind = ANNOUNCEMENT_KINDS.find((k) => KIND_CODE[k] === code);
  if (!kind) return null;
  const given = Buffer.from(mac, 'base64url');
  const expected = tokenMac(masterKey, userId, kind);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { userId, kind };
}
