import { z } from 'zod';
import { defineRoute } from '../../http/define-route';
import { WORKING_DUE_SQL } from '../../../platform/data-subject-requests/deadlines';
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
    const q = deps.db('data_subject_requests').orderByRaw(WORKING_DUE_SQL).limit(query.limit);
    if (query.open === 'true') void q.whereNull('closed_at');
    const rows = await q;
    return { status: 200, body: { requests: rows.map((row) => toOperatorDsrView(row, deps.config.temporal)) } };
  },
});
