import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../../platform/config/config';
import type { Endpoint } from '../providers/provider';

/**
 * Traces of gateway requests, in OpenTelemetry's GenAI conventions: a server span per request and a client
 * span per upstream attempt under it. Only identifiers, model names, counts and statuses are recorded, never
 * prompt or completion text, never a key. The SDK (`otel-tracing.ts`) is imported only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise the gateway's tracer is null and a request pays one null check.
 */
export interface GatewayTracer {
  /**
   * Starts a request's span; `outcome` is read when attempts start and when the request ends. A W3C
   * `traceparent` among the caller's headers is linked from the span, not made its parent.
   */
  request(
    endpoint: Endpoint,
    path: string,
    requestId: string,
    outcome: TracedOutcome,
    callerHeaders: IncomingHttpHeaders,
  ): RequestTrace;
  /** Sends the spans that have ended (tests, and before shutting down). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** What a request's trace reads of its outcome (the handler's own record of it; never text). */
export interface TracedOutcome {
  readonly provider: string;
  readonly model: string;
  readonly status: number;
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly blocked: boolean;
  readonly streamed: boolean;
  readonly clientDisconnected: boolean;
}

export interface RequestTrace {
  /**
   * A span for one call to an upstream, started where the call is made (callUpstream, callUpstreamBuffered).
   * A retry or a fallback is another attempt: the previous one, if still open, ends when the next starts.
   */
  attempt(upstream: { providerName: string; origin: URL | undefined }): AttemptTrace;
  /** Ends the open attempt (with the usage the request ended with) and the request's span. */
  end(caller: { accountId: string; keyId: string } | null): void;
}

export interface AttemptTrace {
  /** The upstream's answer has started: its status. */
  answered(statusCode: number): void;
  /** The response body of a non-streamed call, read for the model that answered (never kept). */
  body(raw: Buffer): void;
  /** The call failed before an answer (refused, timed out, cut): the span ends here. */
  failed(kind: string): void;
  /** Adds this attempt's W3C `traceparent` to the upstream request's headers. */
  propagate(headers: Record<string, string>): void;
}

/** The tracer when OTEL_EXPORTER_OTLP_ENDPOINT is set, else null (and no OpenTelemetry package is loaded). */
export async function createTracer(config: Pick<Config, 'tracing'>): Promise<GatewayTracer | null> {
  if (!config.tracing.endpoint) return null;
  const { createOtelTracer } = await import('./otel-tracing');
  return createOtelTracer({ ...config.tracing, endpoint: config.tracing.endpoint });
}
