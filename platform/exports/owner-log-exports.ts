import type { Knex } from 'knex';
import { recordAudit, type AuditActorType } from '../audit/audit-trail';
import type { Region } from '../config/config';
import type { Database } from '../database/database';
import type { ExportRow } from '../database/tables';
import type { ExportFormat } from './export-archive';
import type { ExportCategory } from './export-categories';
import { runExport, type RunExportDeps } from './export-runs';

/**
 * An owner's export of the account's gateway logs for a range, at any time:
 * metadata, full logs (decrypted into the archive) or both, as JSON, CSV or
 * both. The record is created and audited in one transaction; the worker runs
 * it (ownerLogExportWorkflow) and keeps its progress on the row.
 */
export const LOG_EXPORT_PARTS = { metadata: 'gateway_requests', full: 'gateway_full_logs' } as const;
export type LogExportPart = keyof typeof LOG_EXPORT_PARTS;

export interface OwnerLogExportRequest {
  accountId: string;
  region: Region;
  requestedBy: { actorType: AuditActorType; actorId: string };
  from: Date | null;
  to: Date | null;
  formats: readonly ExportFormat[];
  include: readonly LogExportPart[];
}

export async function createOwnerLogExport(db: Database, request: OwnerLogExportRequest): Promise<ExportRow> {
  return db.transaction(async (trx) => {
    const categories = [...new Set(request.include)].map((part) => LOG_EXPORT_PARTS[part]);
    const formats = [...new Set(request.formats)];
    const [row] = await trx('exports')
      .insert({
        account_id: request.accountId,
        kind: 'owner',
        region: request.region,
        requested_by: request.requestedBy.actorId,
        range_from: request.from,
        range_to: request.to,
        categories,
        formats,
      })
      .returning('*');
    if (!row) throw new Error('export insert returned no row');
    await recordAudit(trx, {
      accountId: request.accountId,
      ...request.requestedBy,
      action: 'logs.export_requested',
      targetType: 'export',
      targetId: row.id,
      summary: {
        from: request.from?.toISOString() ?? null,
        to: request.to?.toISOString() ?? null,
        categories,
        formats,
      },
    });
    return row;
  });
}

function inRange(q: Knex.QueryBuilder, row: ExportRow): Knex.QueryBuilder {
  if (row.range_from) void q.where('created_at', '>=', row.range_from);
  if (row.range_to) void q.where('created_at', '<', row.range_to);
  return q;
}

/** Rows the archive will hold, each format counted (what progress counts up to). */
async function countRows(
  db: Database,
  row: ExportRow & { account_id: string },
  categories: readonly ExportCategory[],
): Promise<number> {
  let total = 0;
  for (const table of categories) {
    if (table !== 'gateway_requests' && table !== 'gateway_full_logs') continue;
    const query = inRange(db(table).where('account_id', row.account_id), row);
    const [result] = await query.count<Array<{ n: number | string }>>({ n: '*' });
    total += Number(result?.n ?? 0);
  }
  return total * row.formats.length;
}

const PROGRESS_INTERVAL_MS = 1_000;

/** Runs an owner log export (idempotent: a finished one is returned as is), recording progress as it goes. */
export async function runOwnerLogExport(deps: RunExportDeps, exportId: string): Promise<ExportRow> {
  const row = await deps.db('exports').where({ id: exportId, kind: 'owner' }).first();
  if (!row) throw new Error(`owner export ${exportId} not found`);
  if (row.status === 'completed') return row;
  const accountId = row.account_id;
  if (!accountId) throw new Error(`owner export ${exportId} has no account`);
  const categories = (row.categories ?? Object.values(LOG_EXPORT_PARTS)).filter(
    (c): c is ExportCategory => c === 'gateway_requests' || c === 'gateway_full_logs',
  );
  const total = await countRows(deps.db, { ...row, account_id: accountId }, categories);
  await deps.db('exports').where({ id: exportId }).update({ rows_total: total, rows_written: 0 });
  let written = 0;
  let savedAt = 0;
  let saving: Promise<unknown> = Promise.resolve();
  const { record } = await runExport(deps, {
    exportId,
    categories,
    formats: row.formats,
    onRows: (rows) => {
      written += rows;
      if (Date.now() - savedAt < PROGRESS_INTERVAL_MS) return;
      savedAt = Date.now();
      const value = written;
      // Never after the completion, which holds the final count.
      saving = saving.then(() =>
        deps.db('exports').where({ id: exportId }).whereNot({ status: 'completed' }).update({ rows_written: value }),
      );
    },
  });
  await saving;
  const [done] = await deps.db('exports').where({ id: exportId }).update({ rows_written: written }).returning('*');
  return done ?? record;
}

/** The export failed for good: the page shows it, and the owner can start another. */
export async function markOwnerLogExportFailed(db: Database, exportId: string): Promise<void> {
  await db('exports').where({ id: exportId }).whereNot({ status: 'completed' }).update({ status: 'failed' });
}
