/**
 * Latency in the usage rollup is a fixed histogram: each rollup row counts its
 * requests per latency bucket, so percentiles over any set of rows come from
 * summing bucket counts (exact counts, interpolated within one bucket) instead
 * of reading raw rows. The bounds are part of the table's shape
 * (migrations/20261207000001_gateway_usage_rollup.ts): changing them is a new
 * migration.
 */
export const LATENCY_BUCKET_BOUNDS_MS = [
  5, 10, 25, 50, 100, 150, 250, 400, 600, 800, 1_000, 1_500, 2_000, 3_000, 5_000, 8_000, 12_000, 20_000, 30_000, 60_000,
] as const;

/** One count column per bucket: bucket i holds latencies in [bound i-1, bound i); the last is open-ended. */
export const LATENCY_BUCKET_COLUMNS = Array.from(
  { length: LATENCY_BUCKET_BOUNDS_MS.length + 1 },
  (_, i) => `latency_bucket_${String(i).padStart(2, '0')}`,
);

/** The SQL condition putting `latency_ms` in bucket `i`. */
export function latencyBucketCondition(i: number): string {
  const lower = LATENCY_BUCKET_BOUNDS_MS[i - 1];
  const upper = LATENCY_BUCKET_BOUNDS_MS[i];
  const conditions: string[] = [];
  if (lower !== undefined) conditions.push(`latency_ms >= ${lower}`);
  if (upper !== undefined) conditions.push(`latency_ms < ${upper}`);
  return conditions.join(' and ');
}

/**
 * The q-quantile (0 < q ≤ 1) of a histogram, interpolated linearly inside the
 * bucket that holds it; null when the histogram is empty. The open last bucket
 * answers its lower bound.
 */
export function latencyQuantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i] ?? 0;
    if (n > 0 && seen + n >= rank) {
      const lower = i === 0 ? 0 : (LATENCY_BUCKET_BOUNDS_MS[i - 1] ?? 0);
      const upper = LATENCY_BUCKET_BOUNDS_MS[i];
      if (upper === undefined) return lower;
      return Math.round(lower + ((rank - seen) / n) * (upper - lower));
    }
    seen += n;
  }
  return LATENCY_BUCKET_BOUNDS_MS[LATENCY_BUCKET_BOUNDS_MS.length - 1] ?? null;
}
