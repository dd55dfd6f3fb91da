import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { modelRulesBlocking } from '../../platform/policies/evaluate';
import { modelMatchSpecificity } from '../../platform/provider-connections/model-patterns';
import { GatewayError, writeError } from '../http/wire-errors';
import type { Provider } from '../providers/provider';
import type { ProxyContext } from './context';
import { presentedKey } from './handle-llm-request';
import { readAll } from './upstream';

type ModelEntry = Record<string, unknown> & { id: string };

/**
 * GET /v1/models, in OpenAI's list shape (Anthropic's for its SDK): what the caller's key can ask for. First the account's model
 * aliases, then the models of its own connections (each connection's exact names, and what an OpenAI-format
 * connection's upstream lists under its patterns, asked with the connection's key), then the platform's
 * providers' models. A model the account's policy blocks by name is left out, and each ID is listed once.
 * Each provider's list is reused for a minute.
 */
export async function handleModels(
  ctx: ProxyContext,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string = randomUUID(),
): Promise<void> {
  // Anthropic's SDK sends anthropic-version on every call: its list, and its errors, in its own shape.
  const anthropic = req.headers['anthropic-version'] !== undefined;
  try {
    const auth = await ctx.keyStore.authenticate(presentedKey(req), req.socket.remoteAddress ?? '');
    const own = await ctx.registry.connections.listing(auth.accountId);
    const [fromConnections, fromPlatform] = await Promise.all([
      Promise.all(
        own.connections.map(async ({ provider, models }) => {
          const exact = models.filter((m) => !m.endsWith('*')).map((id) => modelEntry(id, provider.name));
          if (!models.some((m) => m.endsWith('*'))) return exact;
          const listed = await upstreamModels(provider);
          return [...exact, ...listed.filter((m) => modelMatchSpecificity(models, m.id) >= 0)];
        }),
      ),
      Promise.all(ctx.registry.providers.map(upstreamModels)),
    ]);
    const seen = new Set<string>();
    const data: ModelEntry[] = [];
    for (const entry of [
      ...own.aliases.map((id) => modelEntry(id, 'autrace-alias')),
      ...fromConnections.flat(),
      ...fromPlatform.flat(),
    ]) {
      if (seen.has(entry.id) || modelRulesBlocking(auth.policy, entry.id).length > 0) continue;
      seen.add(entry.id);
      data.push(entry);
    }
    const payload = JSON.stringify(anthropic ? anthropicList(data) : { object: 'list', data });
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      'x-request-id': requestId,
    });
    res.end(payload);
  } catch (error) {
    writeError(
      res,
      anthropic ? 'anthropic' : 'openai',
      error instanceof GatewayError ? error : new GatewayError('upstream', 'Could not list models'),
      requestId,
    );
  }
}

/** Anthropic's model list (GET /v1/models): one page holding every model. */
function anthropicList(data: readonly ModelEntry[]) {
  const created = new Date(0).toISOString();
  return {
    data: data.map((m) => ({ type: 'model', id: m.id, display_name: m.id, created_at: created })),
    has_more: false,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
  };
}

function modelEntry(id: string, ownedBy: string): ModelEntry {
  return { id, object: 'model', created: 0, owned_by: ownedBy };
}

/**
 * How long a provider's list is reused. Listing is not a billed call, but without a bound every GET /v1/models
 * would be a call to each provider (the platform's on its own keys), which a caller could repeat at will.
 */
const LIST_TTL_MS = 60_000;
/** A model list is a few kB; an upstream that sends more than this is not answering the question. */
const MODEL_LIST_MAX_BYTES = 8 * 1024 * 1024;
const listed = new WeakMap<Provider, { at: number; models: Promise<ModelEntry[]> }>();

/** The models an OpenAI-format provider lists, asked at most once per LIST_TTL_MS (a failed answer is not kept). */
function upstreamModels(provider: Provider): Promise<ModelEntry[]> {
  const now = Date.now();
  const cached = listed.get(provider);
  if (cached && now - cached.at < LIST_TTL_MS) return cached.models;
  const models = askUpstream(provider).then((answer) => {
    if (answer === null) listed.delete(provider);
    return answer ?? [];
  });
  listed.set(provider, { at: now, models });
  return models;
}

/** The models an OpenAI-format provider lists; [] when it has no such endpoint, null when it fails or is down. */
async function askUpstream(provider: Provider): Promise<ModelEntry[] | null> {
  const path = provider.pathFor('models');
  if (!path) return [];
  try {
    const upstream = await provider.pool.request({
      path,
      method: 'GET',
      headers: provider.authHeaders({}),
      signal: AbortSignal.timeout(provider.timeoutMs),
    });
    const body = await readAll(upstream.body, MODEL_LIST_MAX_BYTES, provider.name);
    if (upstream.statusCode !== 200) return null;
    const parsed = JSON.parse(body.toString('utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data)) return null;
    return parsed.data.filter(
      (m): m is ModelEntry => typeof m === 'object' && m !== null && typeof (m as { id?: unknown }).id === 'string',
    );
  } catch {
    // One provider being down must not hide the others' models.
    return null;
  }
}
