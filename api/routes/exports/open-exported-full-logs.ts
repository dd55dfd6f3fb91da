import { z } from 'zod';
import { auditActor } from '../../auth/principal';
import { defineRoute } from '../../http/define-route';
import { openExportedFullLogs } from '../../../platform/exports/exported-full-logs';
import {
  exportedEntriesSchema,
  OPEN_MAX_BODY_BYTES,
  openedFullLogsSchema,
  openFullLogsErrors,
  toOpenedView,
} from './opened-full-log-view';

export const openExportedFullLogsRoute = defineRoute({
  method: 'post',
  path: '/v1/exports/full-logs/open',
  summary: "Open full-log entries of an export, sealed under the account's data key",
  description:
    'Post entries as found in an export’s gateway_full_logs.json; all open or none. Each call is in the audit trail ' +
    '(request IDs, never content), like any full-log read.',
  tags: ['exports'],
  auth: 'user',
  roles: ['owner', 'admin'],
  maxBodyBytes: OPEN_MAX_BODY_BYTES,
  request: { body: z.strictObject({ entries: exportedEntriesSchema }) },
  responses: {
    200: { description: 'The entries, opened', schema: openedFullLogsSchema },
    ...openFullLogsErrors,
  },
  async handler({ body, principal, deps }) {
    const opened = await openExportedFullLogs(deps.db, deps.config.keys.master, {
      accountId: principal.accountId,
      entries: body.entries,
      actor: auditActor(principal),
    });
    return { status: 200, body: toOpenedView(opened) };
  },
});
