import { defineRoute } from '../../http/define-route';
import { createExportSchedule, exportScheduleInputSchema } from '../../../platform/exports/export-schedules';
import { exportScheduleViewSchema, toExportScheduleView } from './export-schedule-view';

export const createExportScheduleRoute = defineRoute({
  method: 'post',
  path: '/v1/export-schedules',
  summary: 'Schedule a recurring export of the audit trail and logs; each run e-mails a link to the archive',
  tags: ['exports'],
  auth: 'user',
  roles: ['owner'],
  request: { body: exportScheduleInputSchema },
  responses: { 201: { description: 'Scheduled', schema: exportScheduleViewSchema } },
  async handler({ body, principal, deps }) {
    const row = await createExportSchedule(
      deps.db,
      await deps.temporal(),
      { accountId: principal.accountId, userId: principal.userId },
      body,
    );
    return { status: 201, body: toExportScheduleView(row) };
  },
});
