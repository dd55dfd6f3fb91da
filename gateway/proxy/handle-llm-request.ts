import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { performance } from 'node:perf_hooks';
import type { AuthenticatedKey } from '../auth/key-store';
import { readBody } from '../http/read-body';
import { isoTimestamp } from '../logging/timestamps';
import { checkModelName, checkRequestCaps } from '../limits/request-caps';
import type { Permit } from '../limits/rate-limiter';
import {
  blockedMessage,
  errorBody,
  GatewayError,
  nestedTooDeep,
  rateLimitHeaders,
  writeError,
  type ErrorKind,
} from '../http/wire-errors';
import { sealFullLog } from '../../platform/full-logs/full-log-envelope';
import type { PlaceholderTable } from '../../platform/pii/placeholders';
import { estimateTokens, evaluate, modelRulesBlocking } from '../../platform/policies/evaluate';
import type { RequestTrace } from '../observability/tracing';
import type { Provider } from '../providers/provider';
import { resolveTranslated, translationFor, type Translation } from '../translation';
import { isAliasRoute, type AliasRoute } from '../routing/alias-route';
import type { RouteTrace } from '../routing/router';
import { routeColumns } from '../routing/route-columns';
import { billedTokens, estimatePromptTokens, type SpendTicket } from '../budgets/spend-control';
import type { ProxyContext } from './context';
import type { EndpointSpec } from './endpoints';
import { OutputGate, OutputGates } from './output-gate';
import type { JsonObject } from './prompt-text';
import { newTally } from './stream/frame-handler';
import { relayStream, type RelayEnd } from './stream/relay';
import { callRoutedBuffered, callRoutedStream, upstreamRequest } from './routed-upstream';
import {
  callUpstream,
  callUpstreamBuffered,
  CallerGone,
  limitBytes,
  readAll,
  upstreamFailure,
  type BufferedResponse,
} from './upstream';

/** Everything the metadata row needs, filled in as the request goes. Never text. */
interface Outcome {
  provider: string;
  model: string;
  blocked: boolean;
  matchedRuleIds: string[];
  promptChars: number;
  promptTokens: number | null;
  completionTokens: number | null;
  completionEstimate: number;
  status: number;
  streamed: boolean;
  clientDisconnected: boolean;
  forwardedPrompt: readonly string[] | null;
  completion: string[] | null;
  /** What routing did, when the model asked for is one of the account's aliases. */
  route: RouteTrace | null;
  /** The request's price and budget reservation, from just before it is forwarded. */
  spend: SpendTicket | null;
  /** US micro-dollars; null when the model has no price (0 when nothing was forwarded). */
  costMicroUsd: number | null;
}

export function presentedKey(req: IncomingMessage): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization && authorization.length > 7 && authorization.slice(0, 7).toLowerCase() === 'bearer ')
    return authorization.slice(7).trim();
  const apiKey = req.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : undefined;
}

function parseBody(raw: Buffer): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new GatewayError('invalid_request', 'The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new GatewayError('invalid_request', 'The request body must be a JSON object');
  return parsed as JsonObject;
}

function parseJson(raw: Buffer): JsonObject | undefined {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/**
 * A caller-chosen string as it may go into a log row: control characters become U+FFFD. Postgres
 * refuses NUL in text outright, and one such row would fail its whole batch on every retry.
 */
function loggable(text: string): string {
  CONTROL_CHARACTERS.lastIndex = 0;
  return CONTROL_CHARACTERS.test(text) ? text.replace(CONTROL_CHARACTERS, '\uFFFD') : text;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function handleLlmRequest(
  ctx: ProxyContext,
  spec: EndpointSpec,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string = randomUUID(),
): Promise<void> {
  const started = performance.now();
  const createdAt = isoTimestamp();
  const outcome: Outcome = {
    provider: 'none',
    model: '',
    blocked: false,
    matchedRuleIds: [],
    promptChars: 0,
    promptTokens: null,
    completionTokens: null,
    completionEstimate: 0,
    status: 0,
    streamed: false,
    clientDisconnected: false,
    forwardedPrompt: null,
    completion: null,
    route: null,
    spend: null,
    costMicroUsd: 0,
  };
  const trace = ctx.tracer ? ctx.tracer.request(spec.endpoint, spec.path, requestId, outcome, req.headers) : null;
  const callerGone = new CallerGone();
  res.on('close', () => {
    if (!res.writableFinished) {
      outcome.clientDisconnected = true;
      callerGone.abort();
    }
  });
  let auth: AuthenticatedKey | null = null;
  let permit: Permit | null = null;
  /** Until the request is forwarded: an error is about the caller's body (walked, evaluated, serialised). */
  let reading = true;
  try {
    auth = await ctx.keyStore.authenticate(presentedKey(req), req.socket.remoteAddress ?? '');
    permit = ctx.limiter.admit(auth.keyId, auth.accountId, auth.rateLimits);
    const raw = await readBody(req, ctx.config.gateway.maxBodyBytes);
    const body = parseBody(raw);
    if (typeof body.model !== 'string' || body.model.length === 0)
      throw new GatewayError('invalid_request', 'The request needs a "model"');
    checkModelName(body.model);
    outcome.model = loggable(body.model.slice(0, 200));
    let provider = await ctx.registry.resolve(spec.endpoint, body.model, auth.accountId);
    let translation: Translation | null = null;
    if (!provider) {
      // Nothing serves the model in the caller's wire format: a provider of the other format, translated.
      const translated = await resolveTranslated(ctx.registry, spec, body.model, auth.accountId);
      if (translated) ({ provider, translation } = translated);
    }
    if (!provider)
      throw new GatewayError(
        'not_found',
        `The model "${outcome.model}" does not exist or is not served by this gateway`,
      );
    if (auth.regionLocked && !isAliasRoute(provider) && !('connectionId' in provider))
      throw new GatewayError(
        'permission',
        `The account is locked to the ${auth.region.toUpperCase()} region: "${outcome.model}" must be served by one of its provider connections tagged ${auth.region.toUpperCase()}`,
      );
    let prunedBy: readonly string[] = [];
    if (isAliasRoute(provider)) {
      ({ route: provider, prunedBy } = withoutBlockedTargets(auth, provider, outcome));
      outcome.route = { alias: provider.alias, attempts: [], calls: 0, answered: null };
    } else outcome.provider = provider.name;

    const view = spec.prompt(body);
    checkRequestCaps(view.segments, ctx.config.gateway.maxSegmentChars);
    const evaluation = evaluate(auth.policy, {
      model: body.model,
      segments: view.segments,
      maxTokens: spec.maxTokens(body),
    });
    outcome.matchedRuleIds = prunedBy.length ? [...evaluation.matchedRuleIds, ...prunedBy] : evaluation.matchedRuleIds;
    for (const s of view.segments) outcome.promptChars += s.length;
    ctx.metrics.countVerdict(evaluation.verdict);
    if (evaluation.verdict === 'BLOCK') {
      outcome.blocked = true;
      throw new GatewayError('blocked', blockedMessage(evaluation.matchedRuleIds), evaluation.matchedRuleIds);
    }

    const stream = spec.streams && body.stream === true;
    outcome.streamed = stream;
    if (evaluation.redactedSegments) view.write(evaluation.redactedSegments);
    outcome.forwardedPrompt = auth.fullLogging ? (evaluation.redactedSegments ?? view.segments) : null;
    let hideUsageChunk = false;
    if (stream && spec.endpoint === 'chat') {
      // Usage in streams only comes when asked for; ask, and hide the extra chunk from a caller who did not.
      const options = body.stream_options;
      if (options === undefined || options === null) {
        hideUsageChunk = true;
        body.stream_options = { include_usage: true };
      } else if (isObject(options) && options.include_usage !== true) {
        options.include_usage = true;
        hideUsageChunk = true;
      }
    }
    // The provider gets what the policy read: `body` serialised, never the caller's bytes. Those may hold a key
    // twice, of which JSON.parse (and so the policy) kept the last, while a provider's parser may keep the first.
    // An alias's request is serialised per target (its model, its format) from `body` too.
    let payload: Buffer;
    if (outcome.route) payload = EMPTY_PAYLOAD;
    else if (translation) payload = translation.request(body);
    else payload = Buffer.from(JSON.stringify(body));

    const restore = auth.piiRestore && evaluation.placeholders.size > 0 ? evaluation.placeholders : null;
    // An alias may be answered by any usable target: each is priced, the reservation covers the costliest, and
    // the request is charged at the price of the one that answered.
    const candidates = isAliasRoute(provider)
      ? provider.targets.flatMap((t) => (t.provider ? [{ provider: t.provider.name, model: t.model }] : []))
      : [{ provider: provider.name, model: body.model }];
    outcome.spend = await ctx.spend.open(auth, candidates, {
      promptTokens: estimatePromptTokens(outcome.promptChars, view.segments.length),
      maxTokens: spec.maxTokens(body),
    });
    reading = false;
    await forward(ctx, spec, provider, req, res, {
      payload,
      stream,
      hideUsageChunk,
      restore,
      auth,
      permit,
      outcome,
      signal: callerGone,
      requestId,
      translation,
      trace,
      body,
    });
  } catch (error) {
    const failure = error instanceof GatewayError ? error : reading ? nestedTooDeep(error) : null;
    if (!failure)
      ctx.logger.error(
        { err: { message: (error as Error).message, name: (error as Error).name }, requestId },
        'request failed unexpectedly',
      );
    const shown = failure ?? new GatewayError('upstream', 'The gateway could not complete the request');
    outcome.status = shown.status;
    if (!res.headersSent) writeError(res, spec.format, shown, requestId);
    else if (!res.writableEnded) res.end(spec.streamError(shown.kind, shown.message, shown.matchedRuleIds));
  } finally {
    if (outcome.spend)
      outcome.costMicroUsd = ctx.spend.settle(outcome.spend, billedTokens(outcome), answeredBy(outcome));
    ctx.metrics.countRequest(spec.endpoint, outcome.provider, outcome.status);
    if (permit)
      ctx.limiter.release(
        permit,
        (outcome.promptTokens ?? estimateTokens(outcome.promptChars)) +
          (outcome.completionTokens ?? outcome.completionEstimate),
      );
    if (auth)
      record(ctx, spec, auth, outcome, { requestId, createdAt, latencyMs: Math.round(performance.now() - started) });
    trace?.end(auth);
  }
}

const EMPTY_PAYLOAD = Buffer.alloc(0);

/** The target whose answer reached the caller, for its price; null for a request that was not routed. */
function answeredBy(outcome: Outcome): { provider: string; model: string } | null {
  const route = outcome.route;
  if (!route || route.answered === null) return null;
  const attempt = route.attempts[route.answered];
  return attempt ? { provider: outcome.provider, model: attempt.model } : null;
}

/**
 * An alias's targets whose model the account's policy blocks by its model rules are dropped, so an alias
 * never reaches a model the policy would refuse by name; with none left, the request is blocked.
 */
function withoutBlockedTargets(
  auth: AuthenticatedKey,
  route: AliasRoute,
  outcome: Outcome,
): { route: AliasRoute; prunedBy: readonly string[] } {
  if (!auth.policy.requestRules.some((rule) => rule.kind === 'model')) return { route, prunedBy: [] };
  const blockedBy: string[] = [];
  const targets = route.targets.filter((target) => {
    const ids = modelRulesBlocking(auth.policy, target.model);
    blockedBy.push(...ids);
    return ids.length === 0;
  });
  const prunedBy = [...new Set(blockedBy)];
  if (targets.length === 0) {
    outcome.blocked = true;
    outcome.matchedRuleIds = prunedBy;
    throw new GatewayError('blocked', blockedMessage(prunedBy), prunedBy);
  }
  return { route: targets.length === route.targets.length ? route : { ...route, targets }, prunedBy };
}

interface ForwardOptions {
  payload: Buffer;
  stream: boolean;
  hideUsageChunk: boolean;
  restore: PlaceholderTable | null;
  auth: AuthenticatedKey;
  permit: Permit;
  outcome: Outcome;
  signal: CallerGone;
  requestId: string;
  /** Set when the provider speaks the other wire format. */
  translation: Translation | null;
  trace: RequestTrace | null;
  /** The request as forwarded, for routing (each target gets it with its own model). */
  body: JsonObject;
}

/** Where the caller's limits stand, in its provider's headers, as the SDKs and clients read them on every answer. */
function limitHeaders(ctx: ProxyContext, spec: EndpointSpec, permit: Permit): Record<string, string> {
  return rateLimitHeaders(spec.format, ctx.limiter.standing(permit));
}

/** Routing: the alias's targets are tried (retries, fallback) until one answers; nothing reaches the caller before. */
function routed(route: AliasRoute, options: ForwardOptions) {
  const { outcome } = options;
  return {
    route,
    trace: outcome.route ?? { alias: route.alias, attempts: [], calls: 0, answered: null },
    body: options.body,
    signal: options.signal,
    spans: options.trace,
    onAttempt: (provider: Provider) => {
      outcome.provider = provider.name;
    },
  };
}

async function forward(
  ctx: ProxyContext,
  spec: EndpointSpec,
  target: Provider | AliasRoute,
  req: IncomingMessage,
  res: ServerResponse,
  options: ForwardOptions,
): Promise<void> {
  const { outcome, auth, restore } = options;
  let translation = options.translation;
  const gateNeeded = auth.policy.completionRules.length > 0 || restore !== null;
  const collect: string[] | null = auth.fullLogging ? [] : null;
  outcome.completion = collect;
  const upstreamStarted = performance.now();
  if (!options.stream) {
    let provider: Provider;
    let upstream: BufferedResponse;
    if (isAliasRoute(target)) {
      ({ provider, response: upstream } = await callRoutedBuffered(ctx, spec, req, routed(target, options)));
      translation = translationFor(provider, spec.endpoint);
    } else {
      provider = target;
      const { path, headers } = upstreamRequest(ctx, spec, req, provider, translation?.upstreamEndpoint);
      upstream = await callUpstreamBuffered(
        provider,
        path,
        headers,
        options.payload,
        options.signal,
        ctx.config.gateway.maxUpstreamResponseBytes,
        options.trace,
      );
      ctx.metrics.observeUpstream(provider.name, (upstream.headersAt - upstreamStarted) / 1000);
    }
    outcome.status = upstream.statusCode;
    if (upstream.statusCode >= 400) {
      const errorBody = translation ? translation.error(upstream.body, upstream.statusCode) : upstream.body;
      return passUpstreamError(res, provider, upstream.statusCode, upstream.headers, errorBody, options.requestId, {
        spec,
        options,
        needed: gateNeeded,
      });
    }
    const answer = translation ? translation.response(upstream.body, options.body) : upstream.body;
    const out = completeBuffered(spec, answer, options, gateNeeded, collect);
    res.writeHead(upstream.statusCode, {
      'content-type': 'application/json',
      'content-length': out.length,
      'x-request-id': options.requestId,
      ...limitHeaders(ctx, spec, options.permit),
    });
    res.end(out);
    return;
  }

  let provider: Provider;
  let upstream: Dispatcher.ResponseData;
  let errorBody: Buffer | null = null;
  if (isAliasRoute(target)) {
    ({ provider, response: upstream, errorBody } = await callRoutedStream(ctx, spec, req, routed(target, options)));
    translation = translationFor(provider, spec.endpoint);
  } else {
    provider = target;
    const { path, headers } = upstreamRequest(ctx, spec, req, provider, translation?.upstreamEndpoint);
    upstream = await callUpstream(provider, path, headers, options.payload, options.signal, options.trace);
    ctx.metrics.observeUpstream(provider.name, (performance.now() - upstreamStarted) / 1000);
  }
  outcome.status = upstream.statusCode;
  if (upstream.statusCode >= 400) {
    const failedBody =
      errorBody ?? (await readAll(upstream.body, ctx.config.gateway.maxUpstreamResponseBytes, provider.name));
    passUpstreamError(
      res,
      provider,
      upstream.statusCode,
      upstream.headers,
      translation ? translation.error(failedBody, upstream.statusCode) : failedBody,
      options.requestId,
      { spec, options, needed: gateNeeded },
    );
    return;
  }
  // From here bytes go to the caller: a failure is the caller's, never retried.

  res.writeHead(upstream.statusCode, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': options.requestId,
    ...limitHeaders(ctx, spec, options.permit),
  });
  const tally = newTally();
  const gates = gateNeeded ? new OutputGates(auth.policy.completionRules, restore) : null;
  const handler = spec.frames({ tally, gates, collect, hideUsageChunk: options.hideUsageChunk });
  const limited = limitBytes(upstream.body, ctx.config.gateway.maxUpstreamResponseBytes, provider);
  let end: RelayEnd;
  try {
    end = await relayStream({
      upstream: translation ? translation.stream(limited, options.body) : limited,
      res,
      handler,
      tally,
      inspectAll: gates !== null || collect !== null,
    });
  } catch (error) {
    if (options.signal.aborted || res.destroyed) end = 'client_closed';
    else {
      const failure = upstreamFailure(error, provider);
      outcome.status = failure.status;
      res.end(spec.streamError(failure.kind, failure.message));
      end = 'completed';
    }
  } finally {
    outcome.promptTokens = tally.promptTokens;
    outcome.completionTokens = tally.completionTokens;
    outcome.completionEstimate =
      tally.completionChars > 0 ? estimateTokens(tally.completionChars) : tally.uninspectedContentFrames;
    if (gates) outcome.matchedRuleIds = [...outcome.matchedRuleIds, ...gates.matchedRuleIds()];
  }
  if (end === 'blocked') {
    outcome.blocked = true;
    const rules = tally.blockedBy ?? [];
    upstream.body.destroy();
    res.end(spec.streamError('blocked', blockedMessage(rules), rules));
  } else if (end === 'client_closed') {
    upstream.body.destroy();
  } else if (!res.writableEnded) {
    res.end();
  }
}

/** The provider's own error reaches the caller's SDK as is (a translated request's error comes already translated). */
function passUpstreamError(
  res: ServerResponse,
  provider: Provider,
  statusCode: number,
  headers: IncomingHttpHeaders,
  errorBody: Buffer,
  requestId: string,
  gate: { spec: EndpointSpec; options: ForwardOptions; needed: boolean },
): void {
  const contentType = headers['content-type'];
  if (typeof contentType !== 'string' || !contentType.includes('json'))
    throw new GatewayError('upstream', `The upstream provider (${provider.name}) answered ${statusCode}`);
  const retryAfter = headers['retry-after'];
  const body = gatedErrorBody(errorBody, statusCode, gate);
  res.writeHead(statusCode, {
    'content-type': body === errorBody ? contentType : 'application/json',
    'content-length': body.length,
    'x-request-id': requestId,
    ...(typeof retryAfter === 'string' ? { 'retry-after': retryAfter } : {}),
  });
  res.end(body);
}

/** The kind of error whose type an upstream's status carries, for a message the gateway writes in its place. */
function kindOfStatus(status: number): ErrorKind {
  if (status === 400) return 'invalid_request';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  return 'upstream';
}

/**
 * An upstream's error message is text an upstream writes like any other (it may quote the request, and an
 * account's own connection may be any server): with output rules or restore it goes through a gate whole. When a
 * block rule matches, the caller gets the upstream's status with the gateway's message in its wire format, so
 * the SDK still raises the error class the status calls for.
 */
function gatedErrorBody(
  body: Buffer,
  status: number,
  gate: { spec: EndpointSpec; options: ForwardOptions; needed: boolean },
): Buffer {
  if (!gate.needed || body.length === 0) return body;
  const { outcome, auth, restore } = gate.options;
  const original = body.toString('utf8');
  const outputGate = new OutputGate(auth.policy.completionRules, restore);
  const text = outputGate.apply(original);
  if (text === null) {
    outcome.matchedRuleIds = [...outcome.matchedRuleIds, ...outputGate.blockedBy];
    const message = `The upstream provider answered ${status}; its message was withheld by the account's output rules (${outputGate.blockedBy.join(', ')})`;
    return Buffer.from(JSON.stringify(errorBody(gate.spec.format, kindOfStatus(status), message)));
  }
  outcome.matchedRuleIds = [...outcome.matchedRuleIds, ...outputGate.matchedRuleIds];
  return text === original ? body : Buffer.from(text);
}

/**
 * A successful answer that is not a JSON object (an upstream that does not speak the format): nothing to read
 * usage from, and with output rules or restore its whole text goes through a gate, never past it unseen.
 */
function opaqueAnswer(body: Buffer, options: ForwardOptions, gateNeeded: boolean, collect: string[] | null): Buffer {
  const { outcome, auth, restore } = options;
  const original = body.toString('utf8');
  outcome.completionEstimate += estimateTokens(original.length);
  collect?.push(original);
  if (!gateNeeded) return body;
  const gate = new OutputGate(auth.policy.completionRules, restore);
  const text = gate.apply(original);
  if (text === null) {
    outcome.blocked = true;
    outcome.matchedRuleIds = [...outcome.matchedRuleIds, ...gate.blockedBy];
    throw new GatewayError('blocked', blockedMessage(gate.blockedBy), gate.blockedBy);
  }
  outcome.matchedRuleIds = [...outcome.matchedRuleIds, ...gate.matchedRuleIds];
  return text === original ? body : Buffer.from(text);
}

/** A non-streamed completion: usage read, output rules applied (and originals restored); the bytes for the caller. */
function completeBuffered(
  spec: EndpointSpec,
  body: Buffer,
  options: ForwardOptions,
  gateNeeded: boolean,
  collect: string[] | null,
): Buffer {
  const { outcome, auth, restore } = options;
  if (!gateNeeded && !collect) {
    // Nothing to inspect in the completion: read usage from the bytes and forward them untouched.
    const usage = spec.scanUsage(body.toString('utf8'));
    outcome.promptTokens = usage.prompt;
    outcome.completionTokens = usage.completion;
    if (usage.completion === null) outcome.completionEstimate = estimateTokens(body.length);
    return body;
  }
  const json = parseJson(body);
  if (!json) return opaqueAnswer(body, options, gateNeeded, collect);
  const usage = spec.usage(json);
  outcome.promptTokens = usage.prompt;
  outcome.completionTokens = usage.completion;
  const completion = spec.completion(json);
  for (const text of completion.segments) {
    outcome.completionEstimate += estimateTokens(text.length);
    collect?.push(text);
  }
  if (!gateNeeded) return body;
  // Each piece of text (a choice's content, a tool-call value, a block) on its own: a match never spans two.
  const gate = new OutputGate(auth.policy.completionRules, restore);
  let changed = false;
  const allowed = completion.segments.map((original) => {
    const text = gate.apply(original);
    if (text === null) {
      outcome.blocked = true;
      outcome.matchedRuleIds = [...outcome.matchedRuleIds, ...gate.blockedBy];
      throw new GatewayError('blocked', blockedMessage(gate.blockedBy), gate.blockedBy);
    }
    if (text !== original) changed = true;
    return text;
  });
  outcome.matchedRuleIds = [...outcome.matchedRuleIds, ...gate.matchedRuleIds];
  if (!changed) return body;
  completion.write(allowed);
  return Buffer.from(JSON.stringify(json));
}

function record(
  ctx: ProxyContext,
  spec: EndpointSpec,
  auth: AuthenticatedKey,
  outcome: Outcome,
  meta: { requestId: string; createdAt: string; latencyMs: number },
): void {
  const estimated = outcome.promptTokens === null || outcome.completionTokens === null;
  ctx.writer.write({
    kind: 'request',
    row: {
      id: meta.requestId,
      created_at: meta.createdAt,
      account_id: auth.accountId,
      api_key_id: auth.keyId,
      endpoint: spec.path,
      provider: outcome.provider,
      model: outcome.model,
      verdict: outcome.blocked ? 'BLOCK' : 'ALLOW',
      matched_rule_ids: [...new Set(outcome.matchedRuleIds)],
      prompt_tokens:
        outcome.promptTokens ??
        (outcome.status > 0 && outcome.provider !== 'none' ? estimateTokens(outcome.promptChars) : 0),
      completion_tokens: outcome.completionTokens ?? outcome.completionEstimate,
      tokens_estimated: estimated && outcome.status < 400 && outcome.status > 0,
      latency_ms: meta.latencyMs,
      status: outcome.status,
      streamed: outcome.streamed,
      client_disconnected: outcome.clientDisconnected,
      ...routeColumns(outcome.route),
      cost_microusd: outcome.costMicroUsd,
    },
  });
  if (auth.fullLogging && auth.dataKey && !outcome.blocked && outcome.forwardedPrompt) {
    ctx.writer.write({
      kind: 'full',
      row: sealFullLog({
        requestId: meta.requestId,
        accountId: auth.accountId,
        createdAt: meta.createdAt,
        dataKey: auth.dataKey,
        prompt: outcome.forwardedPrompt,
        completion: (outcome.completion ?? []).join(''),
      }),
    });
  }
}
