import type { Config, Region } from '../config/config';
import { recordAudit } from '../audit/audit-trail';
import type { Database } from '../database/database';
import { isSoleUser } from '../data-subject-requests/subject-scope';
import type { ExportRow } from '../database/tables';
import type { ObjectStorage } from '../storage/object-storage';
import { EXPORT_CATEGORIES, type ExportCategory } from './export-categories';
import { writeExportArchive, type ExportFormat, type ExportManifest } from './export-archive';

/**
 * One export from record to archive: the `exports` row tracks it
 * (pending → running → completed), the archive goes to the account's region.
 * Running it again after completion returns the finished export, so the
 * activity that calls it is safe to retry.
 */
/** An export as stored. */
export type ExportRecord = ExportRow;

export interface NewExport {
  accountId: string;
  kind: ExportRecord['kind'];
  region: Region;
  scheduleId?: string | null;
  requestId?: string | null;
  requestedBy?: string | null;
  rangeFrom?: Date | null;
  rangeTo?: Date | null;
}

export async function createExportRecord(db: Database, input: NewExport): Promise<ExportRecord> {
  const [row] = await db('exports')
    .insert({
      account_id: input.accountId,
      kind: input.kind,
      region: input.region,
      schedule_id: input.scheduleId ?? null,
      request_id: input.requestId ?? null,
      requested_by: input.requestedBy ?? null,
      range_from: input.rangeFrom ?? null,
      range_to: input.rangeTo ?? null,
    })
    .returning('*');
  if (!row) throw new Error('export insert returned no row');
  return row;
}

export function exportKey(accountId: string, exportId: string): string {
  return `exports/${accountId}/${exportId}.zip`;
}

export interface RunExportDeps {
  config: Config;
  db: Database;
  storage: ObjectStorage;
}

export interface RunExportOptions {
  exportId: string;
  categories?: readonly ExportCategory[];
  subjectUserId?: string | null;
  batchSize?: number;
  now?: Date;
  formats?: readonly ExportFormat[];
  onRows?: (rows: number) => void;
}

export interface CompletedExport {
  record: ExportRecord;
  manifest: ExportManifest | null;
}

export async function runExport(deps: RunExportDeps, options: RunExportOptions): Promise<CompletedExport> {
  const record = await deps.db('exports').where({ id: options.exportId }).first();
  if (!record) throw new Error(`export ${options.exportId} not found`);
  if (record.status === 'completed') return { record, manifest: null };
  if (!record.account_id) throw new Error(`export ${options.exportId} has no account`);
  const accountId = record.account_id;
  await deps.db('exports').where({ id: record.id }).update({ status: 'running' });

  const now = options.now ?? new Date();
  const key = exportKey(accountId, record.id);
  const subjectUserId = options.subjectUserId ?? null;
  // Decided when the archive is written: a colleague who joins or leaves changes what the subject may receive.
  const subjectIsSoleUser = subjectUserId !== null && (await isSoleUser(deps.db, accountId));
  // Rows written so far, kept with the completion itself when the caller follows progress: a reader who sees the
  // export completed sees its final count too.
  let rowsWritten = 0;
  const onRows = options.onRows;
  const countRows = onRows
    ? (rows: number) => {
        rowsWritten += rows;
        onRows(rows);
      }
    : null;
  const result = await writeExportArchive({
    storage: deps.storage,
    region: record.region,
    key,
    exportId: record.id,
    categories: options.categories ?? EXPORT_CATEGORIES,
    ...(options.formats ? { formats: options.formats } : {}),
    now,
    context: {
      db: deps.db,
      masterKey: deps.config.keys.master,
      batchSize: options.batchSize ?? 5_000,
      ...(countRows ? { onRows: countRows } : {}),
      scope: { accountId, subjectUserId, subjectIsSoleUser, from: record.range_from, to: record.range_to },
    },
  });
  // When the bucket's lifecycle rule removes the archive; links are issued only until then.
  const expiresAt = new Date(now.getTime() + deps.config.s3.exportExpiryDays * 86_400_000);
  const completed = await deps.db.transaction(async (trx) => {
    const [row] = await trx('exports')
      .where({ id: record.id })
      .update({
        status: 'completed',
        ...(countRows ? { rows_written: rowsWritten } : {}),
        s3_key: key,
        size_bytes: result.sizeBytes,
        row_counts: result.rowCounts,
        completed_at: now,
        expires_at: expiresAt,
      })
      .returning('*');
    await recordAudit(trx, {
      accountId,
      actorType: 'system',
      action: 'export.completed',
      targetType: 'export',
      targetId: record.id,
      summary: {
        kind: record.kind,
        rowCounts: result.rowCounts,
        sizeBytes: result.sizeBytes,
        heldForAccount: result.manifest.heldForAccount?.categories ?? [],
      },
    });
    return row;
  });
  if (!completed) throw new Error(`export ${record.id} vanished`);
  return { record: completed, manifest: result.manifest };
}
