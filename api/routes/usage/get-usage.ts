import { z } from 'zod';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';

const day = z.iso.date().meta({ description: 'UTC day, YYYY-MM-DD' });
const MAX_DAYS = 366;

export const getUsageRoute = defineRoute({
  method: 'get',
  path: '/v1/usage',
  summary: 'Request counts, tokens and cost by UTC day and model',
  tags: ['usage'],
  auth: 'user',
  request: { query: z.object({ from: day.optional(), to: day.optional() }) },
  responses: {
    200: {
      description: 'Usage from the gateway metadata log (both days inclusive)',
      schema: z.object({
        from: day,
        to: day,
        rows: z.array(
          z.object({
            day,
            model: z.string(),
            requests: z.number().int(),
            blocked: z.number().int(),
            promptTokens: z.number().int(),
            completionTokens: z.number().int(),
            costMicroUsd: z.number().int().meta({ description: 'Cost of the priced requests, in US micro-dollars' }),
            unpricedRequests: z
              .number()
              .int()
              .meta({ description: 'Requests whose model had no price (their cost is not in costMicroUsd)' }),
          }),
        ),
        totals: z.object({
          requests: z.number().int(),
          promptTokens: z.number().int(),
          completionTokens: z.number().int(),
          costMicroUsd: z.number().int(),
          unpricedRequests: z.number().int(),
        }),
      }),
    },
  },
  async handler({ query, principal, deps }) {
    const to = query.to ?? new Date().toISOString().slice(0, 10);
    const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (span < 0) throw new ApiError('BAD_REQUEST', 'query.from must not be after query.to');
    if (span >= MAX_DAYS) throw new ApiError('BAD_REQUEST', `at most ${MAX_DAYS} days per query`);
    const { rows } = await deps.db.raw<{
      rows: Array<{
        day: string;
        model: string;
        requests: number;
        blocked: number;
        prompt_tokens: number;
        completion_tokens: number;
        cost_microusd: number;
        unpriced_requests: number;
      }>;
    }>(
      `select to_char(created_at at time zone 'utc', 'YYYY-MM-DD') as day, model,
              count(*)::int as requests,
              count(*) filter (where verdict = 'BLOCK')::int as blocked,
              coalesce(sum(prompt_tokens), 0)::bigint as prompt_tokens,
              coalesce(sum(completion_tokens), 0)::bigint as completion_tokens,
              coalesce(sum(cost_microusd), 0)::bigint as cost_microusd,
              count(*) filter (where cost_microusd is null)::int as unpriced_requests
         from gateway_requests
        where account_id = ?
          and created_at >= (?::date)::timestamp at time zone 'utc'
          and created_at < ((?::date) + 1)::timestamp at time zone 'utc'
        group by 1, 2 order by 1, 2`,
      [principal.accountId, from, to],
    );
    const usage = rows.map((r) => ({
      day: r.day,
      model: r.model,
      requests: r.requests,
      blocked: r.blocked,
      promptTokens: r.prompt_tokens,
      completionTokens: r.completion_tokens,
      costMicroUsd: Number(r.cost_microusd),
      unpricedRequests: r.unpriced_requests,
    }));
    const totals = usage.reduce(
      (sum, r) => ({
        requests: sum.requests + r.requests,
        promptTokens: sum.promptTokens + r.promptTokens,
        completionTokens: sum.completionTokens + r.completionTokens,
        costMicroUsd: sum.costMicroUsd + r.costMicroUsd,
        unpricedRequests: sum.unpricedRequests + r.unpricedRequests,
      }),
      { requests: 0, promptTokens: 0, completionTokens: 0, costMicroUsd: 0, unpricedRequests: 0 },
    );
    return { status: 200, body: { from, to, rows: usage, totals } };
  },
});
