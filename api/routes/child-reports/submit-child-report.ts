import { createHash } from 'node:crypto';
import { z } from 'zod';
import { submitChildReport } from '../../../platform/data-subject-requests/child-reports';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';

const PER_RECIPIENT_PER_DAY = 3;

export const submitChildReportRoute = defineRoute({
  method: 'post',
  path: '/v1/public/child-reports',
  summary: 'Anyone: report that an Autrace user is under 16',
  description:
    'Autrace is not directed to children under 16. A verification link is e-mailed to the reporter; the report reaches our privacy team only once it is followed. If the team confirms it, the user’s data is erased. The answer is the same whether or not the reported address is a user. At most a few reports per reporter address per day, whoever sends them.',
  tags: ['privacy'],
  auth: 'public',
  rateLimit: { limit: 5, windowSeconds: 3600 },
  request: {
    body: z.object({
      reporterEmail: z.email().meta({ description: 'Where we confirm the report and tell you the outcome' }),
      accountEmail: z.email().meta({ description: 'The e-mail address the child uses with Autrace' }),
      details: z
        .string()
        .trim()
        .max(2000)
        .optional()
        .meta({ description: 'What makes you think so, and how you know the person (optional)' }),
    }),
  },
  responses: {
    202: {
      description: 'Received; check your mailbox',
      schema: z.object({ reportId: z.string(), verificationExpiresAt: z.string() }),
    },
  },
  async handler({ body, deps }) {
    // Per recipient as well as per client: nobody can flood one mailbox from many addresses.
    const recipient = createHash('sha256').update(body.reporterEmail.trim().toLowerCase()).digest('hex');
    const cap = await deps.rateLimiter.consume(`child-report-recipient ${recipient}`, PER_RECIPIENT_PER_DAY, 86_400);
    if (!cap.allowed)
      throw new ApiError('RATE_LIMITED', 'enough reports from this address today; try again tomorrow', {
        'Retry-After': String(cap.retryAfterSeconds),
      });
    const { report, token } = await submitChildReport(deps.db, {
      reporterEmail: body.reporterEmail,
      subjectEmail: body.accountEmail,
      details: body.details,
      verificationTtlHours: deps.config.privacy.verificationTtlHours,
      now: new Date(),
    });
    const link = `${deps.config.api.publicUrl}/privacy/child-report/verify?token=${encodeURIComponent(token)}`;
    await deps.mailer.send({
      to: body.reporterEmail,
      subject: 'Confirm your report about a child',
      text: `Someone (hopefully you) reported to Autrace that one of our users is under 16 (report ${report.id}).\nConfirm the report: ${link}\nThe link expires in ${deps.config.privacy.verificationTtlHours} hours. If it was not you, ignore this e-mail.`,
      idempotencyKey: `child-report.${report.id}.verification`,
    });
    return {
      status: 202,
      body: { reportId: report.id, verificationExpiresAt: report.verification_expires_at?.toISOString() ?? '' },
    };
  },
});
