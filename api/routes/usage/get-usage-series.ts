import { z } from 'zod';
import { USAGE_RANGES, usageSeries, type UsageRange } from '../../../platform/usage/usage-series';
import { defineRoute } from '../../http/define-route';

const ranges = Object.keys(USAGE_RANGES) as [UsageRange, ...UsageRange[]];

export const getUsageSeriesRoute = defineRoute({
  method: 'get',
  path: '/v1/usage/series',
  summary: 'Requests, blocks, errors, tokens, cost and latency over time, overall or by model or key',
  description:
    'From the hourly usage rollup, never the raw log. 24h and 7d in hours, 30d and 90d in UTC days; every bucket is present (zeros where there was no traffic). Latency percentiles come from a fixed histogram (interpolated within a bucket); null where there were no requests.',
  tags: ['usage'],
  auth: 'user',
  request: {
    query: z.object({
      range: z.enum(ranges).default('7d'),
      groupBy: z.enum(['none', 'model', 'key']).default('none'),
    }),
  },
  responses: {
    200: {
      description: 'The series, the busiest first',
      schema: z.object({
        range: z.enum(ranges),
        bucket: z.enum(['hour', 'day']),
        series: z.array(
          z.object({
            key: z.string().nullable().meta({ description: 'The model or key ID; null for all traffic or no key' }),
            label: z.string(),
            points: z.array(
              z.object({
                start: z.string(),
                requests: z.number().int(),
                blocked: z.number().int(),
                errors: z.number().int().meta({ description: 'Allowed requests that ended with status ≥ 400' }),
                promptTokens: z.number().int(),
                completionTokens: z.number().int(),
                costMicroUsd: z.number().int().meta({ description: 'Cost of the priced requests, US micro-dollars' }),
                unpricedRequests: z.number().int().meta({ description: 'Requests whose model had no price' }),
                latencyP50Ms: z.number().int().nullable(),
                latencyP95Ms: z.number().int().nullable(),
              }),
            ),
          }),
        ),
      }),
    },
  },
  async handler({ query, principal, deps }) {
    return { status: 200, body: await usageSeries(deps.db, principal.accountId, query) };
  },
});
