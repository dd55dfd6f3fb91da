import { z } from 'zod';
import type { DsrRow } from '../../../platform/database/tables';
import { defineRoute } from '../../http/define-route';
import { dsrViewSchema, toDsrView } from './dsr-view';

export const listOwnRequestsRoute = defineRoute({
  method: 'get',
  path: '/v1/data-subject-requests',
  summary: 'Your privacy requests, newest first',
  tags: ['privacy'],
  auth: 'user',
  // A person's privacy rights outlast their account's deletion request.
  allowDisabledAccount: true,
  request: {},
  responses: { 200: { description: 'Your requests', schema: z.object({ requests: z.array(dsrViewSchema) }) } },
  async handler({ principal, deps }) {
    const rows = await deps
      .db('data_subject_requests')
      .where({ subject_user_id: principal.userId })
      .orderBy('received_at', 'desc')
      .limit(100)
      .select<DsrRow[]>('*');
    return { status: 200, body: { requests: rows.map(toDsrView) } };
  },
});
