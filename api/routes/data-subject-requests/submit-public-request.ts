import { z } from 'zod';
import { defineRoute } from '../../http/define-route';
import { startDataSubjectRequestWorkflow } from '../../../platform/temporal/data-subject-request-client';
import { submitPublicRequest } from '../../../platform/data-subject-requests/requests';
import { submissionBodySchema } from './dsr-view';

export const submitPublicRequestRoute = defineRoute({
  method: 'post',
  path: '/v1/public/data-subject-requests',
  summary: 'Anyone: submit a privacy request by e-mail address',
  description:
    'A verification link is e-mailed to the address; nothing is released until it is followed. The answer is the same whether or not we hold data about the address.',
  tags: ['privacy'],
  auth: 'public',
  rateLimit: { limit: 5, windowSeconds: 3600 },
  request: { body: submissionBodySchema.extend({ email: z.email() }) },
  responses: {
    202: {
      description: 'Received; check your mailbox',
      schema: z.object({ requestId: z.string(), verificationExpiresAt: z.string() }),
    },
  },
  async handler({ body, deps }) {
    const { request, token } = await submitPublicRequest(deps.db, {
      email: body.email,
      type: body.type,
      jurisdiction: body.jurisdiction,
      ...(body.details ? { details: body.details } : {}),
      verificationTtlHours: deps.config.privacy.verificationTtlHours,
      now: new Date(),
    });
    const link = `${deps.config.api.publicUrl}/v1/public/data-subject-requests/verify?token=${encodeURIComponent(token)}`;
    await deps.mailer.send({
      to: body.email,
      subject: 'Confirm your privacy request',
      text: `Someone (hopefully you) asked Autrace about the data we hold for this address (request ${request.id}).\nConfirm it is you: ${link}\nThe link expires in ${deps.config.privacy.verificationTtlHours} hours. If it was not you, ignore this e-mail.`,
      idempotencyKey: `dsr.${request.id}.verification`,
    });
    await startDataSubjectRequestWorkflow(await deps.temporal(), deps.db, deps.config, request);
    return {
      status: 202,
      body: { requestId: request.id, verificationExpiresAt: request.verification_expires_at?.toISOString() ?? '' },
    };
  },
});
