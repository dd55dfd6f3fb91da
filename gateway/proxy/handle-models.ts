import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { GatewayError, writeError } from '../http/wire-errors';
import type { ProxyContext } from './context';
import { presentedKey } from './handle-llm-request';
import { readAll } from './upstream';

/** GET /v1/models: the models of every configured OpenAI-format provider, merged. */
export async function handleModels(
  ctx: ProxyContext,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string = randomUUID(),
): Promise<void> {
  try {
    await ctx.keyStore.authenticate(presentedKey(req), req.socket.remoteAddress ?? '');
    const lists = await Promise.all(
      ctx.registry.providers.map(async (provider) => {
        const path = provider.pathFor('models');
        if (!path) return [];
        try {
          const upstream = await provider.pool.request({
            path,
            method: 'GET',
            headers: provider.authHeaders({}),
            signal: AbortSignal.timeout(provider.timeoutMs),
          });
          const body = await readAll(upstream.body);
          if (upstream.statusCode !== 200) return [];
          const parsed = JSON.parse(body.toString('utf8')) as { data?: unknown };
          return Array.isArray(parsed.data) ? (parsed.data as unknown[]) : [];
        } catch {
          // One provider being down must not hide the others' models.
          return [];
        }
      }),
    );
    const payload = JSON.stringify({ object: 'list', data: lists.flat() });
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      'x-request-id': requestId,
    });
    res.end(payload);
  } catch (error) {
    writeError(
      res,
      'openai',
      error instanceof GatewayError ? error : new GatewayError('upstream', 'Could not list models'),
      requestId,
    );
  }
}
