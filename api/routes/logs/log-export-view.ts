import { z } from 'zod';
import type { ExportRow } from '../../../platform/database/tables';
import { exportLink } from '../../../platform/exports/export-runs';
import type { ApiDeps } from '../../deps';

const STATUS = { pending: 'queued', running: 'running', completed: 'succeeded', failed: 'failed' } as const;

export const logExportViewSchema = z.object({
  exportId: z.uuid(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  progress: z.object({
    rowsWritten: z.number().int(),
    rowsTotal: z.number().int().nullable().meta({ description: 'Null until counted; each format counts' }),
  }),
  downloadUrl: z.string().optional().meta({ description: 'Once succeeded: a short-lived link to the ZIP archive' }),
  expiresAt: z.date().optional().meta({ description: 'When downloadUrl stops working' }),
});

/**
 * The one place that issues a finished export's download link, so the way
 * links are issued (lifetime, who may ask) can change without touching the
 * routes.
 */
export async function issueLogExportLink(
  deps: ApiDeps,
  record: ExportRow,
): Promise<{ downloadUrl: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + deps.config.privacy.exportLinkTtlSeconds * 1000);
  return { downloadUrl: await exportLink(deps, record), expiresAt };
}

export async function toLogExportView(deps: ApiDeps, record: ExportRow): Promise<z.input<typeof logExportViewSchema>> {
  const view = {
    exportId: record.id,
    status: STATUS[record.status],
    progress: { rowsWritten: record.rows_written, rowsTotal: record.rows_total },
  };
  if (record.status !== 'completed' || !record.s3_key) return view;
  return { ...view, ...(await issueLogExportLink(deps, record)) };
}
