import type { Database } from '../../platform/database/database';

/**
 * Appends audit entries with past timestamps, correctly chained. The trigger
 * stamps every entry with the current time, so the test switches triggers off
 * for its own transaction (superuser only) and computes the links the same way.
 */
export async function appendBackdatedAuditEntries(
  db: Database,
  entries: Array<{ at: Date; action: string; accountId?: string | null }>,
): Promise<void> {
  await db.transaction(async (trx) => {
    await trx.raw('set local session_replication_role = replica');
    for (const entry of entries) {
      await trx.raw(
        `insert into audit_log (id, created_at, account_id, actor_type, actor_id, action, target_type, target_id, summary, prev_hash, hash)
         select n.id, ?::timestamptz, ?::uuid, 'system', null, ?, null, null, '{"n": 1}'::jsonb, p.prev,
           audit_entry_hash(p.prev, n.id, ?::timestamptz, ?::uuid, 'system', null, ?, null, null, '{"n": 1}'::jsonb)
         from (select nextval('audit_log_id_seq') as id) n,
              (select coalesce((select hash from audit_log order by id desc limit 1), repeat('0', 64)) as prev) p`,
        [entry.at, entry.accountId ?? null, entry.action, entry.at, entry.accountId ?? null, entry.action],
      );
    }
  });
}
