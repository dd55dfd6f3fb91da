import { z } from 'zod';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { logExportViewSchema, toLogExportView } from './log-export-view';

export const getLogExportRoute = defineRoute({
  method: 'get',
  path: '/v1/logs/exports/:exportId',
  summary: "A log export's status and progress; its download link once it has succeeded",
  tags: ['logs'],
  auth: 'user',
  roles: ['owner'],
  request: { params: z.object({ exportId: z.uuid() }) },
  responses: {
    200: { description: 'The export', schema: logExportViewSchema },
    410: { description: 'The archive has expired (or was deleted); run a new export' },
  },
  async handler({ params, principal, deps }) {
    const record = await deps
      .db('exports')
      .where({ id: params.exportId, account_id: principal.accountId, kind: 'owner' })
      .first();
    if (!record) throw new ApiError('NOT_FOUND', 'no such export');
    return {
      status: 200,
      body: await toLogExportView(deps, record, {
        accountId: principal.accountId,
        userId: principal.userId,
        role: principal.role,
      }),
    };
  },
});
