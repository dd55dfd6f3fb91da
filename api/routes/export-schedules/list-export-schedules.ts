import { z } from 'zod';
import { defineRoute } from '../../http/define-route';
import { listExportSchedules } from '../../../platform/exports/export-schedules';
import { exportScheduleViewSchema, toExportScheduleView } from './export-schedule-view';

export const listExportSchedulesRoute = defineRoute({
  method: 'get',
  path: '/v1/export-schedules',
  summary: "The account's export schedules",
  tags: ['exports'],
  auth: 'user',
  roles: ['owner'],
  request: {},
  responses: { 200: { description: 'Schedules', schema: z.object({ schedules: z.array(exportScheduleViewSchema) }) } },
  async handler({ principal, deps }) {
    return {
      status: 200,
      body: { schedules: (await listExportSchedules(deps.db, principal.accountId)).map(toExportScheduleView) },
    };
  },
});
