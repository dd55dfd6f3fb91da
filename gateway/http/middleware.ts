import { randomUUID } from 'node:crypto';
import Koa, { type Middleware } from 'koa';
import type { Logger } from '../../platform/observability/logger';
import type { WireFormat } from '../providers/provider';
import { errorBody, GatewayError, rateLimitHeaders } from './wire-errors';

/** What the gateway's middleware keep on `ctx.state`. */
export interface GatewayState {
  /** The request's ID: the log row's primary key and the `x-request-id` answer header. */
  requestId: string;
}

/** The wire format a path's callers speak: Anthropic's SDK calls /v1/messages, everything else is OpenAI's. */
export function wireFormatOf(path: string): WireFormat {
  return path.startsWith('/v1/messages') ? 'anthropic' : 'openai';
}

/**
 * A fresh ID per request, always generated here: it is the log row's key, so a caller cannot choose it.
 * Handlers that take over the response write the header themselves (one writeHead, no setHeader first).
 */
export function requestId(): Middleware<GatewayState> {
  return async (context, next) => {
    const id = randomUUID();
    context.state.requestId = id;
    await next();
    if (context.respond !== false) context.set('x-request-id', id);
  };
}

/**
 * Errors thrown by later middleware, answered in the caller's wire format (the SDKs raise their usual
 * exception types). A failure after the headers went out can only cut the connection.
 */
export function wireErrors(logger: Logger): Middleware<GatewayState> {
  return async (context, next) => {
    try {
      await next();
    } catch (error) {
      const known = error instanceof GatewayError ? error : null;
      if (!known)
        logger.error(
          {
            err: { message: (error as Error).message, name: (error as Error).name },
            requestId: context.state.requestId,
          },
          'unhandled gateway error',
        );
      const res = context.res;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const shown = known ?? new GatewayError('upstream', 'The gateway could not complete the request');
      const format = wireFormatOf(context.path);
      context.respond = true;
      context.status = shown.status;
      if (shown.rateLimit) context.set(rateLimitHeaders(format, shown.rateLimit));
      context.body = errorBody(format, shown.kind, shown.message, shown.matchedRuleIds);
    }
  };
}

/**
 * The public listener's Koa app: request ID, errors in the caller's wire format, health, then `last`, which
 * is the proxy in the gateway (and the benchmark's pipe proxy when it measures what the chain costs).
 */
export function createGatewayKoa(options: {
  logger: Logger;
  health: Middleware<GatewayState>;
  last: Middleware<GatewayState>;
}): Koa<GatewayState> {
  const app = new Koa<GatewayState>();
  // Errors are answered by wireErrors (and unexpected ones logged there); Koa's stderr printing would duplicate them.
  app.silent = true;
  app.use(requestId());
  app.use(wireErrors(options.logger));
  app.use(options.health);
  app.use(options.last);
  return app;
}
