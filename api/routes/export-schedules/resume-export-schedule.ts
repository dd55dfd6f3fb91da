import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { setExportSchedulePaused } from '../../../platform/exports/export-schedules';
import { exportScheduleViewSchema, scheduleIdParams, toExportScheduleView } from './export-schedule-view';

export const resumeExportScheduleRoute = defineRoute({
  method: 'post',
  path: '/v1/export-schedules/:scheduleId/resume',
  summary: 'Resume an export schedule',
  tags: ['exports'],
  auth: 'user',
  roles: ['owner'],
  request: { params: scheduleIdParams },
  responses: { 200: { description: 'Resumed', schema: exportScheduleViewSchema } },
  async handler({ params, principal, deps }) {
    const row = await setExportSchedulePaused(
      deps.db,
      await deps.temporal(),
      { accountId: principal.accountId, userId: principal.userId },
      params.scheduleId,
      false,
    );
    if (!row) throw new ApiError('NOT_FOUND', 'no such export schedule');
    return { status: 200, body: toExportScheduleView(row) };
  },
});
