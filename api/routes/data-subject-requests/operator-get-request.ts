import { z } from 'zod';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { requestWorkflowStatus } from '../../../platform/temporal/data-subject-request-client';
import { listEvents } from '../../../platform/data-subject-requests/request-events';
import { findRequestInRegions } from '../../../platform/data-subject-requests/requests';
import { operatorDsrViewSchema, requestIdParams, toOperatorDsrView } from './dsr-view';

export const operatorGetRequestRoute = defineRoute({
  method: 'get',
  path: '/v1/operator/data-subject-requests/:requestId',
  summary: "Operators: a request with its events and its workflow's live status",
  tags: ['privacy', 'operator'],
  auth: 'operator',
  request: { params: requestIdParams },
  responses: {
    200: {
      description: 'The request',
      schema: operatorDsrViewSchema.extend({
        events: z.array(
          z.object({ id: z.string(), kind: z.string(), status: z.string(), body: z.record(z.string(), z.unknown()) }),
        ),
        workflow: z
          .object({
            state: z.string(),
            dueAt: z.string(),
            completedSteps: z.array(z.string()),
            operatorAlerts: z.array(z.string()),
          })
          .nullable(),
      }),
    },
  },
  async handler({ params, deps }) {
    const found = await findRequestInRegions(deps.regions.all(), params.requestId);
    if (!found) throw new ApiError('NOT_FOUND', 'no such request');
    const { row } = found;
    const events = await listEvents(found.db, row.id);
    // A closed workflow still answers queries while Temporal retains it; after that, or while Temporal is
    // unreachable, the database is the record.
    const workflow = await deps
      .temporal()
      .then((client) => requestWorkflowStatus(client, row.id))
      .catch(() => null);
    return {
      status: 200,
      body: {
        ...toOperatorDsrView(row, deps.config.temporal),
        events: events.map((e) => ({ id: e.id, kind: e.kind, status: e.status, body: e.body })),
        workflow: workflow && {
          state: workflow.state,
          dueAt: workflow.dueAt,
          completedSteps: workflow.completedSteps,
          operatorAlerts: workflow.operatorAlerts,
        },
      },
    };
  },
});
