import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { z } from 'zod';
import { authenticateSession, sessionTokenRegion } from '../auth/sessions';
import { CSRF_HEADER, passesCsrfCheck, SESSION_COOKIE } from '../auth/browser-session';
import type { Principal } from '../auth/principal';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors/api-error';
import { accountMovingError } from './account-move-guard';
import { rateLimitAddress } from '../rate-limit/client-address';
import { DEFAULT_MAX_BODY_BYTES, routeRateLimit, type ApiRoute, type RouteCookie } from './define-route';
import { parseJsonBody, readRawBody } from './request-body';

function formatIssues(where: string, error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`)
    .join('; ');
}

/** Where a string holds a NUL character (which Postgres cannot store in text), as a dotted path; null when none does. */
function nulCharacterAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = nulCharacterAt(inner, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

function validate(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const nul = nulCharacterAt(value, where);
  if (nul) throw new ApiError('BAD_REQUEST', `${nul}: text may not contain NUL characters`);
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError('BAD_REQUEST', formatIssues(where, result.error));
  return result.data;
}

function bearerToken(ctx: Context): string | null {
  const header = ctx.get('authorization');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/** The bearer token when one is sent (API clients); otherwise the web app's session cookie, CSRF-checked. */
function sessionToken(ctx: Context): string | null {
  const bearer = bearerToken(ctx);
  if (bearer) return bearer;
  const cookie = ctx.cookies.get(SESSION_COOKIE);
  if (!cookie) return null;
  if (!passesCsrfCheck(ctx.method, cookie, ctx.get(CSRF_HEADER) || undefined))
    throw new ApiError('FORBIDDEN', 'this change needs the X-CSRF-Token header of the signed-in page');
  return cookie;
}

/**
 * The deps a request works with: a signed-in user's requests work on the home region's database of the
 * account (its session token names the region); public and operator requests on the primary region's.
 */
function depsOfRegion(deps: ApiDeps, token: string | null): ApiDeps | null {
  if (!token) return null;
  const region = sessionTokenRegion(token);
  if (region === undefined) return null;
  if (region === null || deps.regions.sameDatabase(region, deps.regions.primaryRegion)) return deps;
  return {
    ...deps,
    db: deps.regions.of(region),
    rateLimiter: deps.regionalRateLimiter?.(region) ?? deps.rateLimiter,
  };
}

async function authorize(
  route: ApiRoute,
  ctx: Context,
  deps: ApiDeps,
): Promise<{ principal: Principal | null; deps: ApiDeps }> {
  if (route.auth === 'public') return { principal: null, deps };
  const token = sessionToken(ctx);
  const regional = depsOfRegion(deps, token);
  const principal = token && regional ? await authenticateSession(regional.db, token) : null;
  if (!principal)
    throw new ApiError('UNAUTHORIZED', 'a valid session is required (Authorization: Bearer …, or sign in)');
  if (route.auth === 'operator') {
    if (principal.kind !== 'operator') throw new ApiError('FORBIDDEN', 'operators only');
    return { principal, deps };
  }
  if (principal.kind !== 'user')
    throw new ApiError('FORBIDDEN', 'this route acts on a customer account; operators use /v1/operator routes');
  if (route.roles && !route.roles.includes(principal.role))
    throw new ApiError('FORBIDDEN', `requires role ${route.roles.join(' or ')}`);
  if (principal.accountMovingTo && !route.allowDuringMove) throw accountMovingError();
  if (principal.accountStatus !== 'active' && !route.allowDisabledAccount)
    throw new ApiError('FORBIDDEN', 'the account is disabled');
  return { principal, deps: regional ?? deps };
}

async function enforceRateLimit(
  limit: { limit: number; windowSeconds: number } | null,
  key: string,
  deps: ApiDeps,
): Promise<void> {
  if (!limit) return;
  const decision = await deps.rateLimiter.consume(key, limit.limit, limit.windowSeconds);
  if (!decision.allowed)
    throw new ApiError('RATE_LIMITED', 'too many requests; try again later', {
      'Retry-After': String(decision.retryAfterSeconds),
    });
}

function respond(
  route: ApiRoute,
  ctx: Context,
  result: { status: number; body: unknown; headers?: Record<string, string>; cookies?: RouteCookie[] },
): void {
  const declared = route.responses[result.status];
  if (!declared) throw new Error(`${route.method} ${route.path} answered ${result.status}, which it does not declare`);
  for (const [name, value] of Object.entries(result.headers ?? {})) ctx.set(name, value);
  for (const cookie of result.cookies ?? [])
    ctx.cookies.set(cookie.name, cookie.value, {
      httpOnly: cookie.httpOnly,
      sameSite: 'strict',
      // Secure whenever the client reached us over HTTPS (directly, or through a trusted TLS proxy).
      secure: ctx.secure,
      path: '/',
      overwrite: true,
      ...(cookie.expires ? { expires: cookie.expires } : {}),
    });
  ctx.status = result.status;
  if (result.status === 204) return;
  if (declared.schema) {
    // Parsing the output strips fields the schema does not list: internal columns never leak.
    ctx.body = declared.schema.parse(result.body);
    return;
  }
  if (declared.contentType) ctx.type = declared.contentType;
  ctx.body = result.body ?? '';
}

/** The Koa router for the route list: rate limit → auth → (per-user rate limit) → body → validation → handler → response schema. */
export function buildRouter(routes: readonly ApiRoute[], deps: ApiDeps): Router {
  const router = new Router();
  for (const route of routes) {
    router.register(route.path, [route.method.toUpperCase()], async (ctx) => {
      // `/v1/policies/dry-run` also matches `/v1/policies/:policyId`: the fixed path is what was meant.
      if (route.request.params) refuseFixedPathOfOtherMethod(router, ctx);
      const limit = routeRateLimit(route);
      const operation = `${route.method} ${route.path}`;
      // Public routes count per client address (before any work); the others per signed-in user.
      if (route.auth === 'public') await enforceRateLimit(limit, `${operation} ${rateLimitAddress(ctx.ip)}`, deps);
      const { principal, deps: requestDeps } = await authorize(route, ctx, deps);
      if (principal) await enforceRateLimit(limit, `${operation} user ${principal.userId}`, requestDeps);
      const rawBody =
        route.method === 'get'
          ? Buffer.alloc(0)
          : await readRawBody(ctx.req, route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      const body = route.request.body
        ? validate(route.request.body, parseJsonBody(rawBody, ctx.get('content-type')), 'body')
        : undefined;
      const result = await route.handler({
        params: validate(route.request.params, ctx.params, 'params') as Record<string, unknown> | undefined,
        query: validate(route.request.query, ctx.query, 'query') as Record<string, unknown> | undefined,
        body,
        rawBody,
        headers: ctx.headers,
        principal,
        deps: requestDeps,
        requestId: String(ctx.state.requestId),
        ip: ctx.ip,
      });
      respond(route, ctx, result);
    });
  }
  return router;
}

function refuseFixedPathOfOtherMethod(router: Router, ctx: Context): void {
  const fixed = router.match(ctx.path, ctx.method).path.filter((layer) => layer.paramNames.length === 0);
  if (fixed.length === 0) return;
  const allow = [...new Set([...fixed.flatMap((layer) => layer.methods), 'OPTIONS'])].join(', ');
  throw new ApiError('METHOD_NOT_ALLOWED', `${ctx.method} is not allowed here; allowed: ${allow}`, { Allow: allow });
}

/**
 * Runs when no route matched the method and path: a known path answers 405
 * with `Allow` for every other method (TRACE, QUERY, … included), or 204 with
 * `Allow` for OPTIONS; an unknown path is a 404.
 */
export function unmatchedRequest(router: Router): Middleware {
  return (ctx) => {
    const layers = router.match(ctx.path, ctx.method).path;
    const allowed = [...new Set(layers.flatMap((layer) => layer.methods))];
    if (allowed.length === 0) throw new ApiError('NOT_FOUND', 'no such route');
    const allow = [...allowed, 'OPTIONS'].join(', ');
    if (ctx.method === 'OPTIONS') {
      ctx.set('Allow', allow);
      ctx.status = 204;
      return Promise.resolve();
    }
    throw new ApiError('METHOD_NOT_ALLOWED', `${ctx.method} is not allowed here; allowed: ${allow}`, { Allow: allow });
  };
}
