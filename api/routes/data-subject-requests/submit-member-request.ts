import { defineRoute } from '../../http/define-route';
import { startDataSubjectRequestWorkflow } from '../../../platform/temporal/data-subject-request-client';
import { submitMemberRequest } from '../../../platform/data-subject-requests/requests';
import { dsrViewSchema, submissionBodySchema, toDsrView } from './dsr-view';

export const submitMemberRequestRoute = defineRoute({
  method: 'post',
  path: '/v1/data-subject-requests',
  summary: 'Submit a privacy request about yourself (access, rectification, erasure, export, restriction, objection)',
  description:
    'Your session verifies your identity. The request is due by the earlier of our 30-day promise and the legal deadline.',
  tags: ['privacy'],
  auth: 'user',
  // A person's privacy rights outlast their account's deletion request.
  allowDisabledAccount: true,
  request: { body: submissionBodySchema },
  responses: { 202: { description: 'Received; the workflow has started', schema: dsrViewSchema } },
  async handler({ body, principal, deps }) {
    const row = await submitMemberRequest(deps.db, {
      accountId: principal.accountId,
      userId: principal.userId,
      type: body.type,
      jurisdiction: body.jurisdiction,
      ...(body.details ? { details: body.details } : {}),
      now: new Date(),
    });
    await startDataSubjectRequestWorkflow(await deps.temporal(), deps.db, deps.config, row);
    return { status: 202, body: toDsrView(row) };
  },
});
