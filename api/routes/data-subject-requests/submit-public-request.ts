import { emailHmac, regionOfEmail } from '../../../platform/regions/directory';
import { z } from 'zod';
import { defineRoute } from '../../http/define-route';
import { ApiError } from '../../errors/api-error';
import { refuseWhileMoving } from '../../http/account-move-guard';
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
    // A request about a customer's user is held in the user's region, with the rest of their data; any
    // other in the primary. The answer is the same either way.
    const { emailKey } = deps.config.regions.directory;
    const home = await regionOfEmail(deps.regions.directory, emailKey, body.email);
    // Written now, the request would be lost with the source of the account's move: the subject tries again.
    if (home) await refuseWhileMoving(deps.regions.of(home.region), home.accountId);
    // Per recipient as well as per client: nobody can flood one mailbox from many addresses. Counted in
    // the recipient's region, under the address's directory HMAC (no hash anyone could test addresses against).
    const limiter = (home && deps.regionalRateLimiter?.(home.region)) || deps.rateLimiter;
    const recipient = emailHmac(emailKey, body.email).toString('hex');
    const cap = await limiter.consume(`dsr-recipient ${recipient}`, PER_RECIPIENT_PER_DAY, 86_400);
    if (!cap.allowed)
      throw new ApiError('RATE_LIMITED', 'enough requests for this address today; try again tomorrow', {
        'Retry-After': String(cap.retryAfterSeconds),
      });
    const { request, token } = await submitPublicRequest(home ? deps.regions.of(home.region) : deps.db, {
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
