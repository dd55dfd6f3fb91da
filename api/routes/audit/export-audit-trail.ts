import { createArchiveSigner } from '../../../platform/audit/archive-signing';
import { buildAuditExport } from '../../../platform/audit/audit-export';
import { auditFiltersSchema } from '../../../platform/audit/audit-queries';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';

/** Bigger exports go through scheduled exports (S3 archives). */
const MAX_EXPORT_ENTRIES = 100_000;

export const exportAuditTrailRoute = defineRoute({
  method: 'get',
  path: '/v1/audit/export',
  summary: "Download the account's audit entries (NDJSON, oldest first, with hashes and a signature line)",
  description:
    'Each entry line carries, under `hashed`, the exact text of the fields its hash covers; the last line signs the ' +
    'count and the entries’ hashes with the key of `GET /v1/audit/public-key`. ' +
    '`autrace audit verify --file … --public-key …` checks it offline.',
  tags: ['audit'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { query: auditFiltersSchema },
  responses: {
    200: { description: 'One JSON entry per line, then the signature line', contentType: 'application/x-ndjson' },
  },
  async handler({ query, principal, deps }) {
    const body = await buildAuditExport(deps.db, createArchiveSigner(deps.config.keys.auditSigning), {
      accountId: principal.accountId,
      filters: query,
      limit: MAX_EXPORT_ENTRIES,
      now: new Date(),
    });
    if (body === null) throw new ApiError('BAD_REQUEST', `more than ${MAX_EXPORT_ENTRIES} entries: narrow from/to`);
    return {
      status: 200,
      body,
      headers: { 'Content-Disposition': `attachment; filename="audit-${principal.accountId}.ndjson"` },
    };
  },
});
