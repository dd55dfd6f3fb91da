import { z } from 'zod';
import {
  childReportRegions,
  confirmChildReport,
  rejectChildReport,
  type ChildReportDecision,
} from '../../../platform/data-subject-requests/child-reports';
import { findRequestInRegions } from '../../../platform/data-subject-requests/requests';
import { startChildDataErasure } from '../../../platform/temporal/data-subject-request-client';
import { ApiError } from '../../errors/api-error';
import { accountMovingError } from '../../http/account-move-guard';
import { defineRoute } from '../../http/define-route';
import { idParam } from '../../http/common-schemas';

const OUTCOME_TEXT = {
  confirm:
    'Our privacy team confirmed your report that an Autrace user is under 16. We are erasing the personal data we hold about them.',
  reject:
    'Our privacy team looked into your report that an Autrace user is under 16 and could not confirm it, so we took no action. If you have more information, you are welcome to report again.',
} as const;

export const operatorDecideChildReportRoute = defineRoute({
  method: 'post',
  path: '/v1/operator/child-reports/:reportId/decision',
  summary: 'Operators: confirm a report that a user is under 16 (starts the erasure of their data) or reject it',
  description:
    'Confirming creates an erasure request on the reported user and starts it with the decision to proceed already taken: it does not wait for the account owner. Rejecting changes nothing but the report. The reporter is told either way. Repeating a confirmation resumes an erasure that did not start.',
  tags: ['privacy', 'operator'],
  auth: 'operator',
  request: {
    params: idParam('reportId'),
    body: z.object({ outcome: z.enum(['confirm', 'reject']) }),
  },
  responses: {
    202: {
      description: 'Decided; for a confirmation, the erasure request that now runs',
      schema: z.object({
        reportId: z.string(),
        status: z.enum(['confirmed', 'rejected']),
        requestId: z.string().nullable(),
      }),
    },
    404: { description: 'No such verified report' },
    409: { description: 'Already decided otherwise, or the reported address is no user' },
  },
  async handler({ params, body, principal, deps }) {
    const input = { reportId: params.reportId, operatorId: principal.userId, now: new Date() };
    const regions = childReportRegions(deps);
    let decision: ChildReportDecision =
      body.outcome === 'confirm' ? await confirmChildReport(regions, input) : await rejectChildReport(regions, input);
    if (!decision.ok && decision.reason === 'already-decided' && body.outcome === 'confirm') {
      // A confirmation repeated: resume its erasure if starting it failed the first time.
      const report = await deps.regions.primary('child_reports').where({ id: params.reportId }).first();
      const held = report?.request_id
        ? await findRequestInRegions(
            report.request_region ? [deps.regions.of(report.request_region)] : deps.regions.all(),
            report.request_id,
          )
        : undefined;
      if (report?.status === 'confirmed' && held)
        decision = { ok: true, report, reporterEmail: null, request: held.row, requestDb: held.db };
    }
    if (!decision.ok) {
      if (decision.reason === 'not-found') throw new ApiError('NOT_FOUND', 'no such verified report');
      if (decision.reason === 'account-moving') throw accountMovingError();
      if (decision.reason === 'no-user')
        throw new ApiError('CONFLICT', 'the reported address belongs to no user; reject the report instead');
      throw new ApiError('CONFLICT', 'the report is already decided');
    }
    if (decision.request && decision.requestDb)
      await startChildDataErasure(
        await deps.temporal(),
        decision.requestDb,
        deps.config,
        decision.request,
        principal.userId,
      );
    if (decision.reporterEmail)
      await deps.mailer.send({
        to: decision.reporterEmail,
        subject: 'Your report about a child',
        text: `${OUTCOME_TEXT[body.outcome]}\n(report ${decision.report.id})`,
        idempotencyKey: `child-report.${decision.report.id}.decided`,
      });
    return {
      status: 202,
      body: {
        reportId: decision.report.id,
        status: decision.report.status as 'confirmed' | 'rejected',
        requestId: decision.request?.id ?? null,
      },
    };
  },
});
