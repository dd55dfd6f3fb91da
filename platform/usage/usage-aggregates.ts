import { LATENCY_BUCKET_COLUMNS, latencyBucketCondition } from './latency-histogram';

/**
 * What the usage rollup counts of a set of gateway request rows, as SQL: the
 * fold (migrations/20261208090001_gateway_usage_fold_by_transaction.ts)
 * aggregates the rows it moves into the rollup with it, and a usage read the
 * rows not folded yet.
 */

/** The rollup's stand-in for "no API key" (its primary key cannot hold NULL). */
export const NO_KEY = '00000000-0000-0000-0000-000000000000';

/** The rollup's count columns, in the order of `usageAggregates`. */
export const USAGE_SUMS = [
  'requests',
  'blocked',
  'errors',
  'prompt_tokens',
  'completion_tokens',
  ...LATENCY_BUCKET_COLUMNS,
  // US micro-dollars of the priced requests, and the requests whose model had no price
  // (columns added by migrations/20261208020000_cost_and_budgets.ts).
  'cost_microusd',
  'unpriced_requests',
] as const;

/** One aggregate expression over gateway_requests rows per column of USAGE_SUMS. */
export function usageAggregates(): string[] {
  return [
    'count(*)',
    `count(*) filter (where verdict = 'BLOCK')`,
    `count(*) filter (where verdict = 'ALLOW' and status >= 400)`,
    'coalesce(sum(prompt_tokens), 0)',
    'coalesce(sum(completion_tokens), 0)',
    ...LATENCY_BUCKET_COLUMNS.map((_, i) => `count(*) filter (where ${latencyBucketCondition(i)})`),
    'coalesce(sum(cost_microusd), 0)',
    'count(*) filter (where cost_microusd is null)',
  ];
}

/**
 * A row's UTC hour: date_bin from a UTC midnight gives the UTC hour whatever the session's time zone, as
 * date_trunc('hour', …, 'UTC') does at half its cost.
 */
export const UTC_HOUR = `date_bin('1 hour', created_at, '2000-01-01 00:00:00+00')`;
