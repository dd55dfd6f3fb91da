import { z } from 'zod';
import { EXPORT_FORMATS } from '../../../platform/exports/export-archive';
import {
  createOwnerLogExport,
  LOG_EXPORT_PARTS,
  markOwnerLogExportFailed,
  type LogExportPart,
} from '../../../platform/exports/owner-log-exports';
import { startOwnerLogExport } from '../../../platform/temporal/owner-log-export-client';
import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { timestampSchema } from '../../http/common-schemas';
import { defineRoute } from '../../http/define-route';
import { logExportViewSchema } from './log-export-view';

const parts = Object.keys(LOG_EXPORT_PARTS) as [LogExportPart, ...LogExportPart[]];

export const startLogExportRoute = defineRoute({
  method: 'post',
  path: '/v1/logs/exports',
  summary: "Export the account's gateway logs for a range (or all), as JSON and/or CSV",
  description:
    'Runs on the worker; poll GET /v1/logs/exports/{exportId} for progress and, once it has succeeded, the download link. `full` decrypts full logs into the archive. Recorded in the audit trail.',
  tags: ['logs'],
  auth: 'user',
  roles: ['owner'],
  request: {
    body: z.object({
      from: timestampSchema.optional().meta({ description: 'Inclusive start; none: from the first row' }),
      to: timestampSchema.optional().meta({ description: 'Exclusive end; none: up to now' }),
      formats: z.array(z.enum(EXPORT_FORMATS)).min(1).max(2).default(['json', 'csv']),
      include: z.array(z.enum(parts)).min(1).max(2).default(['metadata']),
    }),
  },
  responses: { 202: { description: 'Queued', schema: logExportViewSchema.pick({ exportId: true, status: true }) } },
  async handler({ body, principal, deps }) {
    if (body.from && body.to && Date.parse(body.from) >= Date.parse(body.to))
      throw new ApiError('BAD_REQUEST', 'body.from must be before body.to');
    const account = await deps.db('accounts').where({ id: principal.accountId }).first('region');
    if (!account) throw new ApiError('NOT_FOUND', 'no such account');
    const record = await createOwnerLogExport(deps.db, {
      accountId: principal.accountId,
      region: account.region,
      requestedBy: auditActor(principal),
      from: body.from ? new Date(body.from) : null,
      to: body.to ? new Date(body.to) : null,
      formats: body.formats,
      include: body.include,
    });
    try {
      await startOwnerLogExport(await deps.temporal(), {
        exportId: record.id,
        accountId: principal.accountId,
        region: account.region,
      });
    } catch {
      await markOwnerLogExportFailed(deps.db, record.id);
      throw new ApiError('SERVICE_UNAVAILABLE', 'the export could not be started; try again');
    }
    return { status: 202, body: { exportId: record.id, status: 'queued' } };
  },
});
