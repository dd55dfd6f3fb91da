import { toAuditEntry } from '../../../platform/audit/audit-trail';
import { auditFiltersSchema, auditQuery } from '../../../platform/audit/audit-queries';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';

/** Bigger exports go through scheduled exports (S3 archives). */
const MAX_EXPORT_ENTRIES = 100_000;

export const exportAuditTrailRoute = defineRoute({
  method: 'get',
  path: '/v1/audit/export',
  summary: "Download the account's audit entries (NDJSON, oldest first, with hashes)",
  tags: ['audit'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: { query: auditFiltersSchema },
  responses: { 200: { description: 'One JSON entry per line', contentType: 'application/x-ndjson' } },
  async handler({ query, principal, deps }) {
    const rows = await auditQuery(deps.db, principal.accountId, query)
      .orderBy('id', 'asc')
      .limit(MAX_EXPORT_ENTRIES + 1)
      .select<Parameters<typeof toAuditEntry>[0][]>('*');
    if (rows.length > MAX_EXPORT_ENTRIES)
      throw new ApiError('BAD_REQUEST', `more than ${MAX_EXPORT_ENTRIES} entries: narrow from/to`);
    const body = rows.map((row) => JSON.stringify(toAuditEntry(row))).join('\n');
    return {
      status: 200,
      body: body ? `${body}\n` : '',
      headers: { 'Content-Disposition': `attachment; filename="audit-${principal.accountId}.ndjson"` },
    };
  },
});
