import { z } from 'zod';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';

const day = z.iso.date().meta({ description: 'UTC day, YYYY-MM-DD' });
const MAX_DAYS = 366;

export const getUsageRoute = defineRoute({
  method: 'get',
  path: '/v1/usage',
  summary: 'Request counts and tokens by UTC day and model',
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
          }),
        ),
        totals: z.object({
          requests: z.number().int(),
          promptTokens: z.number().int(),
          completionTokens: z.number().int(),
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
      }>;
    }>(
      `select to_char(created_at at time zone 'utc', 'YYYY-MM-DD') as day, model,
              count(*)::int as requests,
              count(*) filter (where verdict = 'BLOCK')::int as blocked,
              coalesce(sum(prompt_tokens), 0)::bigint as prompt_tokens,
              coalesce(sum(completion_tokens), 0)::bigint as completion_tokens
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
    }));
    const totals = usage.reduce(
      (sum, r) => ({
        requests: sum.requests + r.requests,
        promptTokens: sum.promptTokens + r.promptTokens,
        completionTokens: sum.completionTokens + r.completionTokens,
      }),
      { requests: 0, promptTokens: 0, completionTokens: 0 },
    );
    return { status: 200, body: { from, to, rows: usage, totals } };
  },
});
