import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { deleteExportSchedule } from '../../../platform/exports/export-schedules';
import { scheduleIdParams } from './export-schedule-view';

export const deleteExportScheduleRoute = defineRoute({
  method: 'delete',
  path: '/v1/export-schedules/:scheduleId',
  summary: 'Delete an export schedule (past archives stay until their links expire)',
  tags: ['exports'],
  auth: 'user',
  roles: ['owner'],
  request: { params: scheduleIdParams },
  responses: { 204: { description: 'Deleted' } },
  async handler({ params, principal, deps }) {
    const deleted = await deleteExportSchedule(
      deps.db,
      await deps.temporal(),
      { accountId: principal.accountId, userId: principal.userId },
      params.scheduleId,
    );
    if (!deleted) throw new ApiError('NOT_FOUND', 'no such export schedule');
    return { status: 204, body: undefined };
  },
});
