import type { Database } from '../database/database';
import { LATENCY_BUCKET_COLUMNS, latencyQuantile } from './latency-histogram';
import { NO_KEY, USAGE_SUMS, usageAggregates, UTC_HOUR } from './usage-aggregates';

/**
 * Usage over time for the dashboard, read from the rollup, never from the
 * raw log: hours from gateway_usage_hourly (at most 168 per key and model),
 * days from gateway_usage_daily (at most 90), whatever the account's traffic.
 * The account's request rows not folded into the rollup yet (a few seconds
 * of traffic, migrations/20261208090001_gateway_usage_fold_by_transaction.ts)
 * are added up in the same snapshot, so a series counts every committed
 * request exactly once.
 * Series are dense (a zero point for every bucket without traffic), so charts
 * need no gap handling.
 */
export const USAGE_RANGES = {
  '24h': { hours: 24, bucket: 'hour' },
  '7d': { hours: 7 * 24, bucket: 'hour' },
  '30d': { hours: 30 * 24, bucket: 'day' },
  '90d': { hours: 90 * 24, bucket: 'day' },
} as const;
export type UsageRange = keyof typeof USAGE_RANGES;
export type UsageGroupBy = 'none' | 'model' | 'key';

export interface UsagePoint {
  start: string;
  requests: number;
  blocked: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  /** US micro-dollars of the priced requests. */
  costMicroUsd: number;
  /** Requests whose model had no price. */
  unpricedRequests: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

export interface UsageSeries {
  range: UsageRange;
  bucket: 'hour' | 'day';
  series: Array<{ key: string | null; label: string; points: UsagePoint[] }>;
}

const HOUR_MS = 3_600_000;

/** The buckets' starts, oldest first: the range ends with the bucket holding `now`. */
export function bucketStarts(range: UsageRange, now: Date): Date[] {
  const { hours, bucket } = USAGE_RANGES[range];
  const step = bucket === 'hour' ? HOUR_MS : 24 * HOUR_MS;
  const last = Math.floor(now.getTime() / step) * step;
  const count = (hours * HOUR_MS) / step;
  return Array.from({ length: count }, (_, i) => new Date(last - (count - 1 - i) * step));
}

interface SeriesRow {
  start: Date;
  group_key: string | null;
  requests: number;
  blocked: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cost_microusd: number;
  unpriced_requests: number;
  [bucket: string]: number | Date | string | null;
}

const GROUP_COLUMN: Record<UsageGroupBy, string> = { none: 'null::text', model: 'model', key: 'api_key_id::text' };
/** The same groups over raw request rows, where a request without a key has a NULL key. */
const RAW_GROUP_COLUMN: Record<UsageGroupBy, string> = {
  none: 'null::text',
  model: 'model',
  key: `coalesce(api_key_id, '${NO_KEY}')::text`,
};

export async function usageSeries(
  db: Database,
  accountId: string,
  options: { range: UsageRange; groupBy: UsageGroupBy; now?: Date },
): Promise<UsageSeries> {
  const { bucket } = USAGE_RANGES[options.range];
  const starts = bucketStarts(options.range, options.now ?? new Date());
  const first = starts[0] ?? new Date();
  const end = new Date((starts[starts.length - 1] ?? first).getTime() + (bucket === 'hour' ? HOUR_MS : 24 * HOUR_MS));
  // Hours from the hourly level; days from the daily one (a UTC date, read back as that day's midnight UTC).
  const [table, period, start, rawStart] =
    bucket === 'hour'
      ? ['gateway_usage_hourly', 'hour', 'hour', UTC_HOUR]
      : [
          'gateway_usage_daily',
          'day',
          `(day::timestamp at time zone 'UTC')`,
          `((created_at at time zone 'UTC')::date::timestamp at time zone 'UTC')`,
        ];
  const sums = USAGE_SUMS.map((c) => `sum(${c})::bigint as ${c}`).join(', ');
  // One snapshot for the mark, the rollup and the rows above the mark: a fold committing in between would
  // otherwise count its rows twice or not at all.
  const rows = await db.transaction(
    async (trx) => {
      const mark = await trx('gateway_usage_fold_mark').first('folded_before');
      const { rows: found } = await trx.raw<{ rows: SeriesRow[] }>(
        `select start, group_key, ${sums}
           from (select ${start} as start, ${GROUP_COLUMN[options.groupBy]} as group_key, ${USAGE_SUMS.join(', ')}
                   from ${table}
                  where account_id = ? and ${period} >= ? and ${period} < ?
                 union all
                 select ${rawStart}, ${RAW_GROUP_COLUMN[options.groupBy]},
                        ${usageAggregates().join(', ')}
                   from gateway_requests
                  where inserted_xid >= ?::xid8 and account_id = ? and created_at >= ? and created_at < ?
                  group by 1, 2) as counted
          group by 1, 2`,
        [
          accountId,
          ...(bucket === 'hour' ? [first, end] : [first.toISOString().slice(0, 10), end.toISOString().slice(0, 10)]),
          mark?.folded_before ?? '1',
          accountId,
          first,
          end,
        ],
      );
      return found;
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );

  const byGroup = new Map<string | null, Map<number, SeriesRow>>();
  for (const row of rows) {
    const key = row.group_key === NO_KEY ? null : row.group_key;
    let points = byGroup.get(key);
    if (!points) byGroup.set(key, (points = new Map<number, SeriesRow>()));
    points.set(row.start.getTime(), row);
  }
  if (options.groupBy === 'none' && byGroup.size === 0) byGroup.set(null, new Map<number, SeriesRow>());
  const labels = await groupLabels(db, accountId, options.groupBy, [...byGroup.keys()]);

  const series = [...byGroup.entries()].map(([key, points]) => ({
    key,
    label: labels.get(key) ?? key ?? 'No key',
    points: starts.map((start) => toPoint(start, points.get(start.getTime()))),
  }));
  series.sort((a, b) => total(b.points) - total(a.points) || a.label.localeCompare(b.label));
  return { range: options.range, bucket, series };
}

function total(points: UsagePoint[]): number {
  return points.reduce((sum, p) => sum + p.requests, 0);
}

function toPoint(start: Date, row: SeriesRow | undefined): UsagePoint {
  const histogram = LATENCY_BUCKET_COLUMNS.map((c) => Number(row?.[c] ?? 0));
  return {
    start: start.toISOString(),
    requests: row?.requests ?? 0,
    blocked: row?.blocked ?? 0,
    errors: row?.errors ?? 0,
    promptTokens: row?.prompt_tokens ?? 0,
    completionTokens: row?.completion_tokens ?? 0,
    costMicroUsd: Number(row?.cost_microusd ?? 0),
    unpricedRequests: Number(row?.unpriced_requests ?? 0),
    latencyP50Ms: latencyQuantile(histogram, 0.5),
    latencyP95Ms: latencyQuantile(histogram, 0.95),
  };
}

/** What a chart calls each series: all traffic, the model, or the key's name and prefix. */
async function groupLabels(
  db: Database,
  accountId: string,
  groupBy: UsageGroupBy,
  keys: ReadonlyArray<string | null>,
): Promise<Map<string | null, string>> {
  if (groupBy === 'none') return new Map([[null, 'All requests']]);
  if (groupBy === 'model') return new Map(keys.map((k) => [k, k ?? 'Unknown model']));
  const ids = keys.filter((k): k is string => k !== null);
  const apiKeys = ids.length
    ? await db('api_keys').where({ account_id: accountId }).whereIn('id', ids).select('id', 'name', 'prefix')
    : [];
  const labels = new Map<string | null, string>(apiKeys.map((k) => [k.id, `${k.name} (${k.prefix})`]));
  labels.set(null, 'No key');
  return labels;
}
