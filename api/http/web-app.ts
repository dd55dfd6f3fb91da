import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Middleware } from 'koa';
import send from 'koa-send';
import { ApiError } from '../errors/api-error';

/**
 * The web app's pages load only our own scripts and styles and talk only to
 * this origin: an injected `<script>` or inline handler does not run, and no
 * other site may frame the pages (click-jacking).
 */
export const WEB_APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite names every file under assets/ by its content hash: a changed file is a new URL, so these never go stale. */
const ASSETS_PREFIX = '/assets/';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Paths of the API itself: an unknown one is a JSON 404, never the app. */
const isApiPath = (urlPath: string) => urlPath === '/v1' || urlPath.startsWith('/v1/');

function setPageHeaders(ctx: Context): void {
  ctx.set('Content-Security-Policy', WEB_APP_CONTENT_SECURITY_POLICY);
  // Links carry tokens (the privacy center's verification link): never pass them on to another site.
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (stats) => stats.isFile(),
    () => false,
  );
}

/**
 * Serves the web app's build from `webDir` for GET and HEAD requests no route
 * answered: hashed assets cached for a year, any other file as is, and every
 * other path the app's index.html, so a deep link (`/logs`, `/privacy/verify`)
 * opens the page the app's router shows there.
 */
export function serveWebApp(webDir: string): Middleware {
  const root = path.resolve(webDir);
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || isApiPath(ctx.path)) {
      await next();
      return;
    }
    setPageHeaders(ctx);
    const file = path.join(root, ctx.path);
    const isAsset = ctx.path.startsWith(ASSETS_PREFIX);
    if (ctx.path !== '/' && file.startsWith(root + path.sep) && (await isFile(file))) {
      ctx.remove('Cache-Control');
      await send(ctx, ctx.path, { root, maxage: isAsset ? ONE_YEAR_MS : 0, immutable: isAsset });
      if (!isAsset) ctx.set('Cache-Control', 'no-cache');
      return;
    }
    // A missing hashed asset is an old page asking for a file that is gone: a 404, not the app.
    if (isAsset) {
      await next();
      return;
    }
    if (!(await isFile(path.join(root, 'index.html'))))
      throw new ApiError('SERVICE_UNAVAILABLE', 'the web app is not built: run `npm run build`');
    ctx.remove('Cache-Control');
    await send(ctx, 'index.html', { root });
    // Always revalidated, so a deploy's new asset names are picked up at once.
    ctx.set('Cache-Control', 'no-cache');
  };
}
