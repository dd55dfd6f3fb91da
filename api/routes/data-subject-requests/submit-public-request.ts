import { z } from 'zod';
import { defineRoute } from '../../http/define-route';
import { createHash } from 'node:crypto';
import { ApiError } from '../../errors/api-error';
import { submitPublicRequest } from '../../../platform/data-subject-requests/requests';
import { submissionBodySchema } from './dsr-view';

const PER_RECIPIENT_PER_DAY = 3;

export const submitPublicRequestRoute = defineRoute({
  method: 'post',
  path: '/v1/public/data-subject-requests',
  summary: 'Anyone: submit a privacy request by e-mail address',
  description:
    'A verification link is e-mailed to the address; nothing is released, and no processing starts, until it is followed. The answer is the same whether or not we hold data about the address. At most a few requests per address per day, whoever sends them.',
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
    // Per recipient as well as per client: nobody can flood one mailbox from many addresses.
    const recipient = createHash('sha256').update(body.email.trim().toLowerCase()).digest('hex');
    const cap = await deps.rateLimiter.consume(`dsr-recipient ${recipient}`, PER_RECIPIENT_PER_DAY, 86_400);
    if (!cap.allowed)
      throw new ApiError('RATE_LIMITED', 'enough requests for this address today; try again tomorrow', {
        'Retry-After': String(cap.retryAfterSeconds),
      });
    const { request, token } = await submitPublicRequest(deps.db, {
      email: body.email,
      type: body.type,
      jurisdiction: body.jurisdiction,
      ...(body.details ? { details: body.details } : {}),
      verificationTtlHours: deps.config.privacy.verificationTtlHours,
      now: new Date(),
    });
    // The privacy center's page, which confirms through the verify route and shows the due dates.
    const link = `${deps.config.api.publicUrl}/privacy/verify?token=${encodeURIComponent(token)}`;
    await deps.mailer.send({
      to: body.email,
      subject: 'Confirm your privacy request',
      text: `Someone (hopefully you) asked Autrace about the data we hold for this address (request ${request.id}).\nConfirm it is you: ${link}\nThe link expires in ${deps.config.privacy.verificationTtlHours} hours. If it was not you, ignore this e-mail.`,
      idempotencyKey: `dsr.${request.id}.verification`,
    });
    return {
      status: 202,
      body: { requestId: request.id, verificationExpiresAt: request.verification_expires_at?.toISOString() ?? '' },
    };
  },
});
