import { createHash, createHmac } from 'node:crypto';
import type { AccountRole } from '../accounts/roles';
import { recordAudit } from '../audit/audit-trail';
import type { Config } from '../config/config';
import type { Database } from '../database/database';
import type { ExportRow } from '../database/tables';
import { DomainError } from '../errors/domain-error';
import type { ObjectStorage } from '../storage/object-storage';
import { presignExportLink } from './export-archive';

/**
 * Download links are never stored or mailed: each is a pre-signed GET issued
 * on demand to someone who may have the archive, living at most
 * EXPORT_LINK_TTL_SECONDS and never past the archive's own expiry. Each
 * issue is an audit entry, so who fetched a copy of what is on record.
 */
export interface ExportDownloadLink {
  url: string;
  expiresAt: Date;
}

export interface DownloadLinkDeps {
  config: Config;
  db: Database;
  storage: ObjectStorage;
}

/** A signed-in user of the account, with their role as it is now (a demoted owner is no longer one). */
export interface ExportReader {
  accountId: string;
  userId: string;
  role: AccountRole;
}

/**
 * A data-subject export is the subject's own copy: only they get it. Any
 * other export goes to whoever asked for it and to the account's owners.
 */
async function mayDownload(db: Database, record: ExportRow, reader: ExportReader): Promise<boolean> {
  if (record.kind === 'dsr') {
    if (record.requested_by === reader.userId) return true;
    if (!record.request_id) return false;
    const request = await db('data_subject_requests')
      .select('subject_user_id')
      .where({ id: record.request_id })
      .first();
    return request?.subject_user_id === reader.userId;
  }
  return record.requested_by === reader.userId || reader.role === 'owner';
}

async function presignAndRecord(
  deps: DownloadLinkDeps,
  record: ExportRow,
  actor: { actorType: 'user' | 'subject'; actorId: string | null },
  now: Date,
): Promise<ExportDownloadLink> {
  if (record.status !== 'completed' || !record.s3_key)
    throw new DomainError('ExportNotReady', 'the export is not finished yet');
  const archiveGoneAt = record.expires_at?.getTime() ?? Number.POSITIVE_INFINITY;
  const secondsLeft = Math.floor((archiveGoneAt - now.getTime()) / 1000);
  if (secondsLeft < 1) throw new DomainError('ExportExpired', 'the export has expired; please run a new one');
  const lifetime = Math.min(deps.config.privacy.exportLinkTtlSeconds, secondsLeft);
  const url = await presignExportLink(deps.storage, record.region, record.s3_key, lifetime);
  await deps.db.transaction((trx) =>
    recordAudit(trx, {
      accountId: record.account_id,
      ...actor,
      action: 'export.link_issued',
      targetType: 'export',
      targetId: record.id,
      summary: { expiresInSeconds: lifetime },
    }),
  );
  return { url, expiresAt: new Date(now.getTime() + lifetime * 1000) };
}

/**
 * The one way a signed-in user gets an archive: the API route and the
 * dashboard both call this. Another account's export, or one the reader may
 * not have, is "not found" alike, so IDs reveal nothing.
 */
export async function issueExportDownloadLink(
  deps: DownloadLinkDeps,
  input: { exportId: string; reader: ExportReader; now?: Date },
): Promise<ExportDownloadLink> {
  const record = await deps.db('exports').where({ id: input.exportId, account_id: input.reader.accountId }).first();
  if (!record || !(await mayDownload(deps.db, record, input.reader)))
    throw new DomainError('ExportNotFound', 'no such export');
  return presignAndRecord(deps, record, { actorType: 'user', actorId: input.reader.userId }, input.now ?? new Date());
}

export function hashDownloadToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A public data subject's export gets a token for the answer e-mail; only its
 * hash is kept. It is derived from the master key and the export ID, so the
 * activity that mails it can retry and mail the same token (the e-mail is
 * sent once); it stops working when the export's row goes.
 */
export async function createSubjectDownloadToken(db: Database, masterKey: Buffer, exportId: string): Promise<string> {
  const token = createHmac('sha256', masterKey).update(`autrace-export-download:${exportId}`).digest('base64url');
  await db('exports')
    .where({ id: exportId })
    .update({ download_token_hash: hashDownloadToken(token) });
  return token;
}

/** The export a public data subject's token opens, while its archive lives. */
export async function findSubjectExport(db: Database, token: string, now: Date): Promise<ExportRow> {
  const record = await db('exports')
    .where({ download_token_hash: hashDownloadToken(token) })
    .first();
  if (!record) throw new DomainError('ExportNotFound', 'unknown download link, or its export was deleted');
  if (record.expires_at && record.expires_at.getTime() <= now.getTime())
    throw new DomainError('ExportExpired', 'the export has expired; please run a new one');
  return record;
}

/** A public data subject's link: their export's token stands in for a session. */
export async function issueSubjectExportDownloadLink(
  deps: DownloadLinkDeps,
  input: { token: string; now?: Date },
): Promise<ExportDownloadLink> {
  const now = input.now ?? new Date();
  const record = await findSubjectExport(deps.db, input.token, now);
  return presignAndRecord(deps, record, { actorType: 'subject', actorId: null }, now);
}
