import { firstRegionKnowing } from '../../http/regional-lookup';
import { z } from 'zod';
import { defineRoute } from '../../http/define-route';
import { openSubjectExportedFullLogs } from '../../../platform/exports/exported-full-logs';
import {
  exportedEntriesSchema,
  OPEN_MAX_BODY_BYTES,
  openedFullLogsSchema,
  openFullLogsErrors,
  toOpenedView,
} from './opened-full-log-view';

export const openSubjectExportedFullLogsRoute = defineRoute({
  method: 'post',
  path: '/v1/public/exports/full-logs/open',
  summary: 'A public data subject opens the sealed full-log entries of their export with its download token',
  tags: ['privacy'],
  auth: 'public',
  rateLimit: { limit: 60, windowSeconds: 3600 },
  maxBodyBytes: OPEN_MAX_BODY_BYTES,
  request: { body: z.strictObject({ token: z.string().min(20).max(200), entries: exportedEntriesSchema }) },
  responses: {
    200: { description: 'The entries, opened', schema: openedFullLogsSchema },
    404: { description: 'Unknown token, or its export was deleted' },
    ...openFullLogsErrors,
  },
  async handler({ body, deps }) {
    const opened = await firstRegionKnowing(deps, (_regional, db) =>
      openSubjectExportedFullLogs(db, deps.config.keys.master, { token: body.token, entries: body.entries }),
    );
    return { status: 200, body: toOpenedView(opened) };
  },
});
