import { z } from 'zod';
import { recordAudit, type AuditActorType } from '../audit/audit-trail';
import type { Database } from '../database/database';
import { DomainError } from '../errors/domain-error';
import { accountDataKey, openFullLog, type FullLogContent } from '../full-logs/full-log-envelope';
import { findSubjectExport } from './export-download-links';

/**
 * Full logs leave in an export exactly as they are stored: each entry sealed
 * (AES-256-GCM) under the account's data key, bound to its account and
 * request. The archive is a copy that can be forwarded, kept in a mailbox or
 * left on a laptop; sealed per entry, such a copy discloses no prompt, and
 * when the data key is shredded (erasure, purge) every copy becomes
 * unreadable with the rows. Per entry rather than the whole file, so the
 * export still streams and anyone can open a part of it.
 *
 * The data key never leaves the service, so the owner opens entries through
 * the API (`openExportedFullLogs`), which is audited like any full-log read.
 */
export const EXPORTED_FULL_LOG_COLUMNS = ['request_id', 'created_at', 'nonce', 'auth_tag', 'ciphertext'] as const;

export function toExportedFullLog(row: Record<string, unknown>): Record<string, unknown> {
  const base64 = (value: unknown) => (Buffer.isBuffer(value) ? value.toString('base64') : null);
  return {
    request_id: row.request_id,
    created_at: row.created_at,
    nonce: base64(row.nonce),
    auth_tag: base64(row.auth_tag),
    ciphertext: base64(row.ciphertext),
  };
}

/** One entry as found in `gateway_full_logs.json` (`created_at` may be left in or out). */
export const exportedFullLogSchema = z.object({
  request_id: z.uuid(),
  nonce: z.base64().length(16),
  auth_tag: z.base64().length(24),
  ciphertext: z.base64().max(16 * 1024 * 1024),
});
export type ExportedFullLog = z.infer<typeof exportedFullLogSchema>;

export interface OpenedFullLog {
  requestId: string;
  prompt: FullLogContent['prompt'];
  completion: FullLogContent['completion'];
}

/**
 * Opens exported entries of the account under its data key, all or none: an
 * entry of another account, or an altered one, fails its authentication tag
 * and names its position. The read is recorded (request IDs, never content).
 */
export async function openExportedFullLogs(
  db: Database,
  masterKey: Buffer,
  input: {
    accountId: string;
    entries: readonly ExportedFullLog[];
    actor: { actorType: AuditActorType; actorId: string | null };
  },
): Promise<OpenedFullLog[]> {
  const account = await db('accounts').select('data_key_wrapped').where({ id: input.accountId }).first();
  const dataKey = accountDataKey(masterKey, input.accountId, account?.data_key_wrapped ?? null);
  if (!dataKey)
    throw new DomainError(
      'ExportedFullLogsShredded',
      "the account's data key was destroyed: these entries stay sealed",
    );
  const opened = input.entries.map((entry, index) => {
    try {
      const content = openFullLog(dataKey, {
        account_id: input.accountId,
        request_id: entry.request_id,
        nonce: Buffer.from(entry.nonce, 'base64'),
        auth_tag: Buffer.from(entry.auth_tag, 'base64'),
        ciphertext: Buffer.from(entry.ciphertext, 'base64'),
      });
      return { requestId: entry.request_id, prompt: content.prompt, completion: content.completion };
    } catch {
      throw new DomainError(
        'ExportedFullLogUnreadable',
        `entries[${index}] does not open under this account's key (another account's entry, or altered)`,
      );
    }
  });
  await db.transaction((trx) =>
    recordAudit(trx, {
      accountId: input.accountId,
      ...input.actor,
      action: 'full_logs.opened_from_export',
      targetType: 'account',
      targetId: input.accountId,
      summary: { requestIds: opened.map((entry) => entry.requestId) },
    }),
  );
  return opened;
}

/** A public data subject opens the entries of their export with its download token, while the archive lives. */
export async function openSubjectExportedFullLogs(
  db: Database,
  masterKey: Buffer,
  input: { token: string; entries: readonly ExportedFullLog[]; now?: Date },
): Promise<OpenedFullLog[]> {
  const record = await findSubjectExport(db, input.token, input.now ?? new Date());
  if (!record.account_id) throw new DomainError('ExportNotFound', 'unknown download link, or its export was deleted');
  return openExportedFullLogs(db, masterKey, {
    accountId: record.account_id,
    entries: input.entries,
    actor: { actorType: 'subject', actorId: null },
  });
}
