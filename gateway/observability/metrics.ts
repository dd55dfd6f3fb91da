import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one gateway instance (its own registry, so tests can run several). */
export interface GatewayMetrics {
  registry: Registry;
  requests: Counter<'endpoint' | 'provider' | 'status'>;
  verdicts: Counter<'verdict'>;
  upstreamLatency: Histogram<'provider'>;
  droppedLogRows: Counter;
  /** Hot-path helpers: labelled children are looked up once per label set, not hashed per request. */
  countRequest(endpoint: string, provider: string, status: number): void;
  countVerdict(verdict: 'ALLOW' | 'BLOCK'): void;
  observeUpstream(provider: string, seconds: number): void;
}

export function createGatewayMetrics(sources: { spoolDepth: () => number; queued: () => number; keyLookups: () => number }): GatewayMetrics {
  const { spoolDepth, queued, keyLookups } = sources;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'autrace_gateway_' });
  const requestChildren = new Map<string, { inc(): void }>();
  const verdictChildren = new Map<string, { inc(): void }>();
  const latencyChildren = new Map<string, { observe(value: number): void }>();
  const metrics: GatewayMetrics = {
    countRequest(endpoint, provider, status) {
      const key = `${endpoint}|${provider}|${status}`;
      let child = requestChildren.get(key);
      if (!child) {
        child = metrics.requests.labels(endpoint, provider, String(status));
        requestChildren.set(key, child);
      }
      child.inc();
    },
    countVerdict(verdict) {
      let child = verdictChildren.get(verdict);
      if (!child) {
        child = metrics.verdicts.labels(verdict);
        verdictChildren.set(verdict, child);
      }
      child.inc();
    },
    observeUpstream(provider, seconds) {
      let child = latencyChildren.get(provider);
      if (!child) {
        child = metrics.upstreamLatency.labels(provider);
        latencyChildren.set(provider, child);
      }
      child.observe(seconds);
    },
    registry,
    requests: new Counter({ name: 'autrace_gateway_requests_total', help: 'Proxied requests', labelNames: ['endpoint', 'provider', 'status'], registers: [registry] }),
    verdicts: new Counter({ name: 'autrace_gateway_verdicts_total', help: 'Policy verdicts', labelNames: ['verdict'], registers: [registry] }),
    upstreamLatency: new Histogram({
      name: 'autrace_gateway_upstream_latency_seconds',
      help: 'Time to the upstream response headers',
      labelNames: ['provider'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    droppedLogRows: new Counter({ name: 'autrace_gateway_log_rows_dropped_total', help: 'Log rows dropped because the spool was full', registers: [registry] }),
  };
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
  return metrics;
}
