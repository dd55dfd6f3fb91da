import { z } from 'zod';
import type { ExportRow } from '../../../platform/database/tables';
import { issueExportDownloadLink, type ExportReader } from '../../../platform/exports/export-download-links';
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

/** A finished export's view carries a fresh short-lived link, issued (and audited) like any other download link. */
export async function toLogExportView(
  deps: ApiDeps,
  record: ExportRow,
  reader: ExportReader,
): Promise<z.input<typeof logExportViewSchema>> {
  const view = {
    exportId: record.id,
    status: STATUS[record.status],
    progress: { rowsWritten: record.rows_written, rowsTotal: record.rows_total },
  };
  if (record.status !== 'completed' || !record.s3_key) return view;
  const link = await issueExportDownloadLink(deps, { exportId: record.id, reader });
  return { ...view, downloadUrl: link.url, expiresAt: link.expiresAt };
}
