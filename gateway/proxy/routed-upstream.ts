import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { allowedAnthropicBeta, allowedAnthropicVersion } from '../http/forwarded-headers';
import { GatewayError, nestedTooDeep } from '../http/wire-errors';
import type { RequestTrace } from '../observability/tracing';
import type { Endpoint, Provider } from '../providers/provider';
import type { AliasRoute } from '../routing/alias-route';
import type { AttemptCalls, RoutedAnswer, RouteTrace, UpstreamAnswer } from '../routing/router';
import type { ProxyContext } from './context';
import type { EndpointSpec } from './endpoints';
import { translationFor, type Translation } from '../translation';
import type { JsonObject } from './prompt-text';
import { callUpstream, callUpstreamBuffered, readAll, type BufferedResponse, type CallerGone } from './upstream';

/** Where a request goes on `provider` (the caller's endpoint, or the translated one) and the headers that authenticate it there. */
export function upstreamRequest(
  ctx: ProxyContext,
  spec: EndpointSpec,
  req: IncomingMessage,
  provider: Provider,
  endpoint: Endpoint = spec.endpoint,
): { path: string; headers: Record<string, string> } {
  const path = provider.pathFor(endpoint);
  if (!path) throw new GatewayError('not_found', `The provider does not serve ${spec.path}`);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...provider.authHeaders({
      anthropicVersion: allowedAnthropicVersion(req.headers['anthropic-version']),
      anthropicBeta: allowedAnthropicBeta(req.headers['anthropic-beta'], ctx.config.gateway.anthropicBetaAllowed),
    }),
  };
  return { path, headers };
}

export interface RoutedRequest {
  route: AliasRoute;
  trace: RouteTrace;
  /** The request as forwarded (redacted, usage asked for); each target gets it with its own model. */
  body: JsonObject;
  signal: CallerGone;
  /** The request's OpenTelemetry trace, when traced: each attempt is a span of its own. */
  spans: RequestTrace | null;
  /** Told the provider of every attempt, so the log row and metrics name the last one tried. */
  onAttempt(provider: Provider): void;
}

/** The body for one target's model, in its provider's format, serialised once per model and format. */
function payloads(body: JsonObject): (model: string, translation: Translation | null) => Buffer {
  const byModel = new Map<string, Buffer>();
  return (model, translation) => {
    const key = translation ? `${translation.upstreamEndpoint}\u0000${model}` : model;
    let payload = byModel.get(key);
    if (!payload) {
      body.model = model;
      try {
        payload = translation ? translation.request(body) : Buffer.from(JSON.stringify(body));
      } catch (error) {
        throw nestedTooDeep(error) ?? error;
      }
      byModel.set(key, payload);
    }
    return payload;
  };
}

function attempts<R extends UpstreamAnswer>(
  ctx: ProxyContext,
  spec: EndpointSpec,
  req: IncomingMessage,
  routed: RoutedRequest,
  send: (provider: Provider, path: string, headers: Record<string, string>, payload: Buffer) => Promise<R>,
  errorBody: (response: R) => Promise<Buffer>,
): AttemptCalls<R> {
  const payloadFor = payloads(routed.body);
  return {
    async call(provider, model) {
      routed.onAttempt(provider);
      const translation = translationFor(provider, spec.endpoint);
      const { path, headers } = upstreamRequest(ctx, spec, req, provider, translation?.upstreamEndpoint);
      const started = performance.now();
      try {
        return await send(provider, path, headers, payloadFor(model, translation));
      } finally {
        ctx.metrics.observeUpstream(provider.name, (performance.now() - started) / 1000);
      }
    },
    errorBody,
  };
}

/** A non-streamed request to an alias: the first answer that is not retried, with the target that gave it. */
export function callRoutedBuffered(
  ctx: ProxyContext,
  spec: EndpointSpec,
  req: IncomingMessage,
  routed: RoutedRequest,
): Promise<RoutedAnswer<BufferedResponse>> {
  const calls = attempts(
    ctx,
    spec,
    req,
    routed,
    (provider, path, headers, payload) =>
      callUpstreamBuffered(
        provider,
        path,
        headers,
        payload,
        routed.signal,
        ctx.config.gateway.maxUpstreamResponseBytes,
        routed.spans,
      ),
    (response) => Promise.resolve(response.body),
  );
  return ctx.registry.router.run(routed.route, spec.endpoint, routed.signal, routed.trace, calls);
}

/**
 * A streamed request to an alias: returns once a target answered with headers
 * that are not retried; nothing has been written to the caller yet. A failed
 * answer's body is read before the next attempt, so its connection goes back
 * to the pool and the last one can still be shown to the caller.
 */
export function callRoutedStream(
  ctx: ProxyContext,
  spec: EndpointSpec,
  req: IncomingMessage,
  routed: RoutedRequest,
): Promise<RoutedAnswer<Dispatcher.ResponseData>> {
  const calls = attempts(
    ctx,
    spec,
    req,
    routed,
    (provider, path, headers, payload) => callUpstream(provider, path, headers, payload, routed.signal, routed.spans),
    (response) => readAll(response.body, ctx.config.gateway.maxUpstreamResponseBytes),
  );
  return ctx.registry.router.run(routed.route, spec.endpoint, routed.signal, routed.trace, calls);
}
