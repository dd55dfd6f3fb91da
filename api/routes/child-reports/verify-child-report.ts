import { z } from 'zod';
import { childReportRegions, verifyChildReport } from '../../../platform/data-subject-requests/child-reports';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';

export const verifyChildReportRoute = defineRoute({
  method: 'get',
  path: '/v1/public/child-reports/verify',
  summary: 'Follow the e-mailed link: confirms the report about a child, which then reaches our privacy team',
  tags: ['privacy'],
  auth: 'public',
  rateLimit: { limit: 20, windowSeconds: 3600 },
  request: { query: z.object({ token: z.string().min(20).max(200) }) },
  responses: {
    200: {
      description: 'Confirmed; our privacy team reviews it and tells you the outcome by e-mail',
      schema: z.object({ reportId: z.string(), verified: z.literal(true) }),
    },
    404: { description: 'Unknown or already used link' },
    409: { description: 'The report is already confirmed' },
  },
  async handler({ query, deps }) {
    const result = await verifyChildReport(childReportRegions(deps), query.token, new Date());
    if (!result.verified) {
      if (result.reason === 'unknown') throw new ApiError('NOT_FOUND', 'unknown or already used link');
      if (result.reason === 'expired')
        throw new ApiError('BAD_REQUEST', 'the link has expired; please send the report again');
      throw new ApiError('CONFLICT', 'the report is already confirmed');
    }
    return { status: 200, body: { reportId: result.report.id, verified: true as const } };
  },
});
