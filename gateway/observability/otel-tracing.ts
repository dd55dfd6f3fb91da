import type { IncomingHttpHeaders } from 'node:http';
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Endpoint } from '../providers/provider';
import type { AttemptTrace, GatewayTracer, RequestTrace, TracedOutcome } from './tracing';

/**
 * The OpenTelemetry side of `tracing.ts`, imported only when an OTLP endpoint is configured. Its own
 * TracerProvider, not the global one: the Sentry SDK (when a DSN is set) keeps its OpenTelemetry setup to
 * itself, and nothing else in the process is traced by accident.
 */

/** gen_ai.operation.name per endpoint (the Responses API and Anthropic Messages are chat in the conventions). */
const OPERATION: Record<Endpoint, string> = {
  chat: 'chat',
  messages: 'chat',
  responses: 'chat',
  embeddings: 'embeddings',
  models: 'list_models',
};

/** A model name as the gateway accepts one in a connection's list: never text, whatever the upstream wrote. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$/;
/** The answering model in a non-streamed JSON body: its top-level "model" comes first in every format we proxy. */
const RESPONSE_MODEL = /"model"\s*:\s*"([^"\\]{1,200})"/;
const RESPONSE_MODEL_WINDOW = 4096;

/** gen_ai.provider.name: the well-known values for our kinds; account connections are named `account:<kind>`. */
function genAiProvider(name: string): string {
  const kind = name.startsWith('account:') ? name.slice('account:'.length) : name;
  return kind === 'azure-openai' ? 'azure.ai.openai' : kind;
}

function providerAttributes(providerName: string): Attributes {
  const genAi = genAiProvider(providerName);
  // gen_ai.system is the older name of gen_ai.provider.name; backends still read either.
  return { 'gen_ai.provider.name': genAi, 'gen_ai.system': genAi, 'autrace.provider': providerName };
}

/**
 * W3C Trace Context. The caller's `traceparent` becomes a link of the request's span, not its parent: the
 * traces are the operator's, and a tenant must not choose which trace a gateway span joins (nor splice it into
 * another tenant's). Each upstream attempt sends its own `traceparent`, so a provider that traces (an account's
 * vLLM behind an OpenTelemetry collector, say) can continue the trace; it carries IDs only.
 */
const propagator = new W3CTraceContextPropagator();

/** The span context of a valid `traceparent` among the caller's headers, if any. */
function callerContext(headers: IncomingHttpHeaders) {
  if (headers.traceparent === undefined) return null;
  const context = trace.getSpanContext(propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter));
  return context && isSpanContextValid(context) ? context : null;
}

class OtelAttempt implements AttemptTrace {
  open = true;
  responseModel: string | null = null;

  constructor(readonly span: Span) {}

  answered(statusCode: number): void {
    this.span.setAttribute('http.response.status_code', statusCode);
    if (statusCode >= 400) {
      this.span.setAttribute('error.type', String(statusCode));
      this.span.setStatus({ code: SpanStatusCode.ERROR });
    }
  }

  body(raw: Buffer): void {
    const head = raw.toString('utf8', 0, Math.min(raw.length, RESPONSE_MODEL_WINDOW));
    const model = RESPONSE_MODEL.exec(head)?.[1];
    if (model && MODEL_NAME.test(model)) {
      this.responseModel = model;
      this.span.setAttribute('gen_ai.response.model', model);
    }
  }

  failed(kind: string): void {
    if (!this.open) return;
    this.span.setAttribute('error.type', kind);
    this.span.setStatus({ code: SpanStatusCode.ERROR });
    this.end();
  }

  propagate(headers: Record<string, string>): void {
    propagator.inject(trace.setSpan(ROOT_CONTEXT, this.span), headers, defaultTextMapSetter);
  }

  end(): void {
    if (!this.open) return;
    this.open = false;
    this.span.end();
  }
}

class OtelRequest implements RequestTrace {
  private readonly span: Span;
  private current: OtelAttempt | null = null;
  private attempts = 0;

  constructor(
    private readonly tracer: Tracer,
    private readonly operation: string,
    path: string,
    requestId: string,
    private readonly outcome: TracedOutcome,
    callerHeaders: IncomingHttpHeaders,
  ) {
    const caller = callerContext(callerHeaders);
    this.span = tracer.startSpan(`POST ${path}`, {
      kind: SpanKind.SERVER,
      ...(caller ? { links: [{ context: caller, attributes: { 'autrace.link': 'caller' } }] } : {}),
      attributes: {
        'http.request.method': 'POST',
        'http.route': path,
        'url.path': path,
        'gen_ai.operation.name': operation,
        'autrace.request.id': requestId,
      },
    });
  }

  attempt(upstream: { providerName: string; origin: URL | undefined }): AttemptTrace {
    this.current?.end();
    this.attempts++;
    const model = this.outcome.model;
    const attributes: Attributes = {
      'gen_ai.operation.name': this.operation,
      'gen_ai.request.model': model,
      ...providerAttributes(upstream.providerName),
      'autrace.attempt': this.attempts,
    };
    if (upstream.origin) {
      attributes['server.address'] = upstream.origin.hostname.replace(/^\[|\]$/g, '');
      attributes['server.port'] = Number(upstream.origin.port) || (upstream.origin.protocol === 'https:' ? 443 : 80);
    }
    const span = this.tracer.startSpan(
      `${this.operation} ${model}`,
      { kind: SpanKind.CLIENT, attributes },
      trace.setSpan(ROOT_CONTEXT, this.span),
    );
    this.current = new OtelAttempt(span);
    return this.current;
  }

  end(caller: { accountId: string; keyId: string } | null): void {
    const { outcome } = this;
    const usage: Attributes = {};
    if (outcome.promptTokens !== null) usage['gen_ai.usage.input_tokens'] = outcome.promptTokens;
    if (outcome.completionTokens !== null) usage['gen_ai.usage.output_tokens'] = outcome.completionTokens;
    const attempt = this.current;
    if (attempt?.open) {
      attempt.span.setAttributes(usage);
      attempt.end();
    }
    const span = this.span;
    span.setAttributes(usage);
    if (outcome.model) span.setAttribute('gen_ai.request.model', outcome.model);
    if (attempt?.responseModel) span.setAttribute('gen_ai.response.model', attempt.responseModel);
    if (outcome.provider !== 'none') span.setAttributes(providerAttributes(outcome.provider));
    if (caller) {
      span.setAttribute('autrace.account.id', caller.accountId);
      span.setAttribute('autrace.api_key.id', caller.keyId);
    }
    span.setAttributes({
      'autrace.attempts': this.attempts,
      'autrace.verdict': outcome.blocked ? 'BLOCK' : 'ALLOW',
      'autrace.streamed': outcome.streamed,
      'autrace.client_disconnected': outcome.clientDisconnected,
    });
    if (outcome.status > 0) {
      span.setAttribute('http.response.status_code', outcome.status);
      // A server span is in error only for the server's own failures (5xx); 4xx are the caller's.
      if (outcome.status >= 500) {
        span.setAttribute('error.type', String(outcome.status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
    }
    span.end();
  }
}

export function createOtelTracer(settings: {
  endpoint: string;
  headers: Record<string, string>;
  serviceName: string;
}): GatewayTracer {
  const exporter = new OTLPTraceExporter({
    url: `${settings.endpoint.replace(/\/+$/, '')}/v1/traces`,
    headers: settings.headers,
    timeoutMillis: 10_000,
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName }),
    sampler: new AlwaysOnSampler(),
    // A bounded queue: when the collector is slow, spans are dropped, never requests held up.
    spanProcessors: [
      new BatchSpanProcessor({
        exporter,
        maxQueueSize: 4096,
        maxExportBatchSize: 512,
        scheduledDelayMillis: 1_000,
        exportTimeoutMillis: 10_000,
      }),
    ],
  });
  const tracer = provider.getTracer('autrace-gateway');
  return {
    request: (endpoint, path, requestId, outcome, callerHeaders) =>
      new OtelRequest(tracer, OPERATION[endpoint], path, requestId, outcome, callerHeaders),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
