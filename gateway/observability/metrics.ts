import { Counter, Gauge, Registry, collectDefaultMetrics, type Metric } from 'prom-client';

/** Prometheus metrics of one gateway instance (its own registry, so tests can run several). */
export interface GatewayMetrics {
  registry: Registry;
  droppedLogRows: Counter;
  /**
   * The per-request updates. They only add to plain numbers; prom-client reads them when /metrics is
   * scraped. (prom-client's own inc/observe validate and hash the labels and allocate on every call,
   * several microseconds per request on the proxy's hot path.)
   */
  countRequest(endpoint: string, provider: string, status: number): void;
  countVerdict(verdict: 'ALLOW' | 'BLOCK'): void;
  observeUpstream(provider: string, seconds: number): void;
}

const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** A counter whose labelled values are plain numbers, read by prom-client at scrape time. */
class TallyCounter<L extends string> {
  private readonly tallies = new Map<string, { labels: Record<L, string>; value: number }>();

  constructor(registry: Registry, name: string, help: string, labelNames: readonly L[]) {
    const tallies = this.tallies;
    new Counter<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const t of tallies.values()) this.inc(t.labels as Partial<Record<L, string>>, t.value);
      },
    });
  }

  /** Adds one to the label set `key` names; false when `key` is new (then `start` it). */
  increment(key: string): boolean {
    const tally = this.tallies.get(key);
    if (!tally) return false;
    tally.value++;
    return true;
  }

  start(key: string, labels: Record<L, string>): void {
    this.tallies.set(key, { labels, value: 1 });
  }
}

interface Series {
  labels: Record<string, string>;
  /** Observations per bucket (not cumulative); the last slot is above the highest bound. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

/** One line of a metric as prom-client's registry renders it. */
interface SampleLine {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

/**
 * A histogram with the same exposition as prom-client's (`_bucket{le}`, `_sum`, `_count`), whose
 * observe is a bucket search and three additions. The registry renders any metric by its name,
 * type and `get()`, so it sits in the same registry as the rest.
 */
class TallyHistogram {
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly series = new Map<string, Series>();

  constructor(
    registry: Registry,
    readonly name: string,
    readonly help: string,
    private readonly labelName: string,
    private readonly bounds: readonly number[],
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  observe(labelValue: string, value: number): void {
    let series = this.series.get(labelValue);
    if (!series) {
      series = {
        labels: { [this.labelName]: labelValue },
        buckets: new Float64Array(this.bounds.length + 1),
        sum: 0,
        count: 0,
      };
      this.series.set(labelValue, series);
    }
    let i = 0;
    while (i < this.bounds.length && value > (this.bounds[i] as number)) i++;
    (series.buckets[i] as number)++;
    series.sum += value;
    series.count++;
  }

  get(): Promise<{ name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: SampleLine[] }> {
    const values: SampleLine[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += s.buckets[i] ?? 0;
        values.push({ metricName: `${this.name}_bucket`, labels: { le: bound, ...s.labels }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...s.labels }, value: s.count });
      values.push({ metricName: `${this.name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: s.labels, value: s.count });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  reset(): void {
    this.series.clear();
  }
}

export function createGatewayMetrics(sources: {
  spoolDepth: () => number;
  queued: () => number;
  keyLookups: () => number;
}): GatewayMetrics {
  const { spoolDepth, queued, keyLookups } = sources;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'autrace_gateway_' });
  const requests = new TallyCounter(registry, 'autrace_gateway_requests_total', 'Proxied requests', [
    'endpoint',
    'provider',
    'status',
  ]);
  const verdicts = new TallyCounter(registry, 'autrace_gateway_verdicts_total', 'Policy verdicts', ['verdict']);
  const upstreamLatency = new TallyHistogram(
    registry,
    'autrace_gateway_upstream_latency_seconds',
    'Time to the upstream response headers',
    'provider',
    UPSTREAM_BUCKETS,
  );
  const droppedLogRows = new Counter({
    name: 'autrace_gateway_log_rows_dropped_total',
    help: 'Log rows dropped: the spool was full, or Postgres refused the row as invalid',
    registers: [registry],
  });
  new Gauge({
    name: 'autrace_gateway_spool_depth',
    help: 'Log rows waiting in the on-disk spool',
    registers: [registry],
    collect() {
      this.set(spoolDepth());
    },
  });
  new Gauge({
    name: 'autrace_gateway_log_rows_pending',
    help: 'Log rows not yet written to the database (memory and spool)',
    registers: [registry],
    collect() {
      this.set(queued());
    },
  });
  new Counter({
    name: 'autrace_gateway_key_lookups_total',
    help: 'API-key reads from the database (cache misses, changes and refreshes)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(keyLookups());
    },
  });
  return {
    registry,
    droppedLogRows,
    countRequest(endpoint, provider, status) {
      const key = `${endpoint}|${provider}|${status}`;
      if (!requests.increment(key)) requests.start(key, { endpoint, provider, status: String(status) });
    },
    countVerdict(verdict) {
      if (!verdicts.increment(verdict)) verdicts.start(verdict, { verdict });
    },
    observeUpstream(provider, seconds) {
      upstreamLatency.observe(provider, seconds);
    },
  };
}
