import { z } from 'zod';
import { defineRoute } from '../../http/define-route';
import { WORKING_DUE_SQL } from '../../../platform/data-subject-requests/deadlines';
import type { DsrRow } from '../../../platform/data-subject-requests/requests';
import { operatorDsrViewSchema, toOperatorDsrView } from './dsr-view';

export const operatorListRequestsRoute = defineRoute({
  method: 'get',
  path: '/v1/operator/data-subject-requests',
  summary: 'Operators: privacy requests, soonest due first',
  tags: ['privacy', 'operator'],
  auth: 'operator',
  request: {
    query: z.object({
      open: z.enum(['true', 'false']).optional().meta({ description: 'Only requests not yet closed' }),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: { 200: { description: 'Requests', schema: z.object({ requests: z.array(operatorDsrViewSchema) }) } },
  async handler({ query, deps }) {
    // Every region's requests, merged by the date we work to (each region's soonest, then the soonest of those).
    const perRegion = await Promise.all(
      deps.regions.all().map((db) => {
        const q = db('data_subject_requests')
          .select('*', db.raw(`${WORKING_DUE_SQL} as working_due_at`))
          .orderByRaw(WORKING_DUE_SQL)
          .limit(query.limit);
        if (query.open === 'true') void q.whereNull('closed_at');
        return q as Promise<Array<DsrRow & { working_due_at: Date }>>;
      }),
    );
    const rows = perRegion
      .flat()
      .sort((a, b) => a.working_due_at.getTime() - b.working_due_at.getTime())
      .slice(0, query.limit);
    return { status: 200, body: { requests: rows.map((row) => toOperatorDsrView(row, deps.config.temporal)) } };
  },
});
