import type { Region } from '../config/config';
import type { Database } from '../database/database';
import type { Mailer } from '../mail/mailer';
import { sendOnce } from '../mail/send-once';

/**
 * Tells an account's owners about each API key that has gone unused for the
 * stale period (`API_KEY_STALE_AFTER_DAYS`): a key nobody uses is a secret
 * that can only leak. One e-mail per owner per key and stale spell: the
 * idempotency key names the key and its last activity (last use, or creation
 * when never used), so a key that is used again and then falls idle again is
 * reported again, and nothing is ever sent twice for the same spell. Run by
 * each region's retention sweep for the accounts homed there; safe to repeat.
 */
export async function noticeStaleApiKeys(
  db: Database,
  mailer: Mailer,
  input: { region: Region; staleAfterDays: number; asOf: Date; apiUrl: string; limit?: number },
): Promise<{ keys: number; mails: number }> {
  if (input.staleAfterDays <= 0) return { keys: 0, mails: 0 };
  const staleBefore = new Date(input.asOf.getTime() - input.staleAfterDays * 86_400_000);
  const keys: Array<{ id: string; name: string; prefix: string; account_id: string; last_active: Date }> = await db(
    'api_keys as k',
  )
    .join('accounts as a', 'a.id', 'k.account_id')
    .where('a.region', input.region)
    .where('a.status', 'active')
    .whereNull('k.revoked_at')
    .whereRaw('coalesce(k.last_used_at, k.created_at) < ?', [staleBefore])
    .whereNotExists(function () {
      this.select(db.raw('1'))
        .from('sent_notifications as n')
        .whereRaw(`n.kind = 'api_key.stale' and n.idempotency_key like 'api-key.stale.' || k.id || '.%'`)
        .whereRaw(
          `n.idempotency_key like '%.' || to_char(coalesce(k.last_used_at, k.created_at) at time zone 'UTC', 'YYYYMMDDHH24MISSMS') || '.%'`,
        );
    })
    .orderBy('k.id')
    .limit(input.limit ?? 1_000)
    .select(
      'k.id',
      'k.name',
      'k.prefix',
      'k.account_id',
      db.raw('coalesce(k.last_used_at, k.created_at) as last_active'),
    );
  let mails = 0;
  for (const key of keys) {
    const owners: Array<{ id: string; email: string }> = await db('users')
      .where({ account_id: key.account_id, role: 'owner' })
      .select('id', 'email');
    const spell = key.last_active.toISOString().replace(/[-:TZ.]/g, '');
    for (const owner of owners) {
      const sent = await sendOnce(db, mailer, {
        kind: 'api_key.stale',
        accountId: key.account_id,
        mail: {
          to: owner.email,
          subject: `Your Autrace API key “${key.name}” has not been used for ${input.staleAfterDays} days`,
          text:
            `The API key “${key.name}” (atr_${key.prefix}_…) has not been used since ${key.last_active.toISOString().slice(0, 10)}.\n` +
            `A key nobody uses is safer revoked: ${input.apiUrl}/keys\n` +
            `We tell you once; if the key is used again and later falls idle again, we will tell you again.`,
          idempotencyKey: `api-key.stale.${key.id}.${spell}.${owner.id}`,
        },
      });
      if (sent === 'sent') mails++;
    }
  }
  return { keys: keys.length, mails };
}
