import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { setExportSchedulePaused } from '../../../platform/exports/export-schedules';
import { exportScheduleViewSchema, scheduleIdParams, toExportScheduleView } from './export-schedule-view';

export const pauseExportScheduleRoute = defineRoute({
  method: 'post',
  path: '/v1/export-schedules/:scheduleId/pause',
  summary: 'Pause an export schedule',
  tags: ['exports'],
  auth: 'user',
  roles: ['owner'],
  request: { params: scheduleIdParams },
  responses: { 200: { description: 'Paused', schema: exportScheduleViewSchema } },
  async handler({ params, principal, deps }) {
    const row = await setExportSchedulePaused(
      deps.db,
      await deps.temporal(),
      { accountId: principal.accountId, userId: principal.userId },
      params.scheduleId,
      true,
    );
    if (!row) throw new ApiError('NOT_FOUND', 'no such export schedule');
    return { status: 200, body: toExportScheduleView(row) };
  },
});
