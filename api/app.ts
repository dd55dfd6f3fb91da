import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import type { ApiDeps } from './deps';
import { errorMiddleware } from './errors/api-error';
import type { ApiRoute } from './http/define-route';
import { buildRouter, unmatchedRequest } from './http/router';
import { serveWebApp } from './http/web-app';
import { apiRoutes } from './routes';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/** The Management API as a Koa app; `routes` defaults to the one route list. */
export function createApiApp(deps: ApiDeps, routes: readonly ApiRoute[] = apiRoutes): Koa {
  // Only the last N X-Forwarded-For entries were written by our own proxies; the client writes the rest.
  const hops = deps.config.api.trustProxyHops;
  const app = new Koa({ proxy: hops > 0, maxIpsCount: hops });
  // Errors are answered (and 5xx logged) by errorMiddleware; Koa's own stderr printing would duplicate them.
  app.silent = true;
  const router = buildRouter(routes, deps);

  app.use(async (ctx, next) => {
    const incoming = ctx.get('x-request-id');
    ctx.state.requestId = REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    ctx.set('X-Request-Id', String(ctx.state.requestId));
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Content-Type-Options', 'nosniff');
    const started = performance.now();
    await next();
    // Path only: query strings and bodies may carry personal data.
    deps.logger.info(
      {
        requestId: ctx.state.requestId,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  app.use(errorMiddleware(deps.logger));
  app.use(router.routes());
  app.use(serveWebApp(deps.config.api.webDir));
  app.use(unmatchedRequest(router));
  return app;
}
