import type { Config } from '../../platform/config/config';
import type { Logger } from '../../platform/observability/logger';
import type { KeyStore } from '../auth/key-store';
import type { SpendControl } from '../budgets/spend-control';
import type { RateLimiter } from '../limits/rate-limiter';
import type { LogWriter } from '../logging/batch-writer';
import type { GatewayMetrics } from '../observability/metrics';
import type { GatewayTracer } from '../observability/tracing';
import type { ProviderRegistry } from '../providers/registry';

/** What a request handler needs, wired once in app.ts. */
export interface ProxyContext {
  config: Config;
  keyStore: KeyStore;
  limiter: RateLimiter;
  registry: ProviderRegistry;
  writer: LogWriter;
  metrics: GatewayMetrics;
  logger: Logger;
  /** Null unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracer: GatewayTracer | null;
  /** Prices and budgets: a request's cost, reserved before it is forwarded and settled when it ends. */
  spend: SpendControl;
}
