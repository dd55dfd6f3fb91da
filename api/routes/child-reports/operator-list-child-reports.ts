import { z } from 'zod';
import { childReportRegions, listChildReports } from '../../../platform/data-subject-requests/child-reports';
import { maskEmail } from '../../../platform/data-subject-requests/masked-email';
import { defineRoute } from '../../http/define-route';

export const childReportViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(['open', 'confirmed', 'rejected']),
    receivedAt: z.string(),
    verifiedAt: z.string().nullable(),
    reporterEmailMasked: z.string().nullable().meta({ description: 'e.g. j***@example.com; cleared once decided' }),
    accountEmailMasked: z
      .string()
      .nullable()
      .meta({ description: 'The reported address, masked; cleared once decided' }),
    details: z.string().nullable().meta({ description: 'What the reporter wrote; cleared once decided' }),
    matchedUser: z
      .object({ userId: z.string(), accountId: z.string() })
      .nullable()
      .meta({ description: 'The user the reported address belongs to now; null when none (cannot be confirmed)' }),
    decidedAt: z.string().nullable(),
    requestId: z.string().nullable().meta({ description: 'The erasure request a confirmation started' }),
  })
  .meta({ id: 'ChildReport' });

export const operatorListChildReportsRoute = defineRoute({
  method: 'get',
  path: '/v1/operator/child-reports',
  summary: 'Operators: reports that a user is under 16, oldest first (open ones are the queue)',
  tags: ['privacy', 'operator'],
  auth: 'operator',
  request: {
    query: z.object({
      status: z.enum(['open', 'confirmed', 'rejected']).default('open'),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: { description: 'Reports', schema: z.object({ reports: z.array(childReportViewSchema) }) },
  },
  async handler({ query, deps }) {
    const entries = await listChildReports(childReportRegions(deps), query.status, query.limit);
    return {
      status: 200,
      body: {
        reports: entries.map(({ report, user }) => ({
          id: report.id,
          status: report.status as 'open' | 'confirmed' | 'rejected',
          receivedAt: report.created_at.toISOString(),
          verifiedAt: report.verified_at?.toISOString() ?? null,
          reporterEmailMasked: report.reporter_email === null ? null : maskEmail(report.reporter_email),
          accountEmailMasked: report.subject_email === null ? null : maskEmail(report.subject_email),
          details: report.details,
          matchedUser: user ? { userId: user.id, accountId: user.accountId } : null,
          decidedAt: report.decided_at?.toISOString() ?? null,
          requestId: report.request_id,
        })),
      },
    };
  },
});
