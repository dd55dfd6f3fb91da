import { z } from 'zod';
import { recordAudit, type AuditActorType } from '../audit/audit-trail';
import type { Database } from '../database/database';
import { accountDataKey, openFullLog } from './full-log-envelope';

/** What the gateway seals (sealFullLog): the prompt as forwarded, message by message, and the completion. */
const fullLogContentSchema = z.object({ prompt: z.array(z.string()), completion: z.string() });

export interface FullLogRead {
  requestId: string;
  createdAt: Date;
  prompt: string[];
  completion: string;
}

/**
 * Decrypts one request's full log for a person of its account, and records the
 * read in the audit trail in the same transaction: the entry is committed
 * before the plaintext is handed back, and if it cannot be written nothing is
 * returned. The entry names the request, never its content. Null when the
 * account has no such request, no full log for it, or its data key is
 * shredded.
 */
export async function readFullLog(
  db: Database,
  masterKey: Buffer,
  input: { accountId: string; requestId: string; actorType: AuditActorType; actorId: string },
): Promise<FullLogRead | null> {
  return db.transaction(async (trx) => {
    const request = await trx('gateway_requests')
      .where({ id: input.requestId, account_id: input.accountId })
      .first('created_at');
    if (!request) return null;
    // By the primary key (created_at, request_id): one partition, one probe.
    const sealed = await trx('gateway_full_logs')
      .where({ created_at: request.created_at, request_id: input.requestId, account_id: input.accountId })
      .first('request_id', 'account_id', 'nonce', 'auth_tag', 'ciphertext');
    if (!sealed) return null;
    const account = await trx('accounts').where({ id: input.accountId }).first('data_key_wrapped');
    const dataKey = accountDataKey(masterKey, input.accountId, account?.data_key_wrapped ?? null);
    if (!dataKey) return null;
    const content = fullLogContentSchema.parse(openFullLog(dataKey, sealed));
    await recordAudit(trx, {
      accountId: input.accountId,
      actorType: input.actorType,
      actorId: input.actorId,
      action: 'logs.full_log_read',
      targetType: 'gateway_request',
      targetId: input.requestId,
    });
    return { requestId: input.requestId, createdAt: request.created_at, ...content };
  });
}
