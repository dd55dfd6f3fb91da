import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { ApiDeps } from '../deps';
import type { AccountRole } from '../../platform/accounts/roles';
import type { OperatorPrincipal, UserPrincipal } from '../auth/principal';

export type AuthMode = 'public' | 'user' | 'operator';
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type PrincipalFor<A extends AuthMode> = A extends 'user'
  ? UserPrincipal
  : A extends 'operator'
    ? OperatorPrincipal
    : null;

export interface RouteRequest {
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
}

export interface RouteResponse {
  description: string;
  /** JSON body schema; the handler's body is parsed through it, so fields it does not list never leave the API. */
  schema?: z.ZodType;
  /** For non-JSON bodies (exports): the content type the handler sends as a string or Buffer. */
  contentType?: string;
}

export type RouteResponses = Record<number, RouteResponse>;

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

/** A cookie the answer sets (value) or clears (null); always Path=/, SameSite=Strict, Secure over HTTPS. */
export interface RouteCookie {
  name: string;
  value: string | null;
  /** Out of reach of page scripts; false only for what scripts must read (the CSRF token). */
  httpOnly: boolean;
  expires?: Date;
}

export type RouteResult<R extends RouteResponses> = {
  [S in keyof R & number]: {
    status: S;
    body: R[S]['schema'] extends z.ZodType ? z.input<R[S]['schema']> : string | Buffer | undefined;
    headers?: Record<string, string>;
    cookies?: RouteCookie[];
  };
}[keyof R & number];

export interface RouteContext<A extends AuthMode, Req extends RouteRequest> {
  params: Parsed<Req['params']>;
  query: Parsed<Req['query']>;
  body: Parsed<Req['body']>;
  /** The request body exactly as received (webhook signatures are computed over it). */
  rawBody: Buffer;
  headers: IncomingHttpHeaders;
  principal: PrincipalFor<A>;
  deps: ApiDeps;
  requestId: string;
  ip: string;
}

export interface RouteDefinition<A extends AuthMode, Req extends RouteRequest, Res extends RouteResponses> {
  method: HttpMethod;
  /** Koa-style path, e.g. `/v1/api-keys/:keyId`; the OpenAPI document shows it as `/v1/api-keys/{keyId}`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: A;
  /** For auth 'user': the account roles allowed (default: every role). */
  roles?: readonly AccountRole[];
  /** Accept users of an account that is disabled (pending deletion), e.g. to cancel the deletion. */
  allowDisabledAccount?: boolean;
  /** Accept users of an account an operator is moving to another region (routes that change nothing of it). */
  allowDuringMove?: boolean;
  /** Per client address on public routes (default DEFAULT_PUBLIC_RATE_LIMIT), per user on the others (default DEFAULT_USER_RATE_LIMIT); false for none (health checks). */
  rateLimit?: { limit: number; windowSeconds: number } | false;
  /** Largest accepted body (default 1 MiB). */
  maxBodyBytes?: number;
  request: Req;
  responses: Res;
  handler: NoInfer<(ctx: RouteContext<A, Req>) => Promise<RouteResult<Res>>>;
}

/** A route with its types erased, as the router and the OpenAPI generator see it. */
export interface ApiRoute {
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: AuthMode;
  roles?: readonly AccountRole[];
  allowDisabledAccount?: boolean;
  allowDuringMove?: boolean;
  rateLimit?: { limit: number; windowSeconds: number } | false;
  maxBodyBytes?: number;
  request: RouteRequest;
  responses: RouteResponses;
  handler(
    ctx: RouteContext<AuthMode, RouteRequest>,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string>; cookies?: RouteCookie[] }>;
}

export const DEFAULT_PUBLIC_RATE_LIMIT = { limit: 60, windowSeconds: 60 } as const;
/** Per signed-in user, on every route that needs a session and sets no limit of its own. */
export const DEFAULT_USER_RATE_LIMIT = { limit: 300, windowSeconds: 60 } as const;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Declares one route: its request and response schemas (which validate at run
 * time and generate the OpenAPI document), who may call it, and its handler.
 */
export function defineRoute<A extends AuthMode, Req extends RouteRequest, Res extends RouteResponses>(
  definition: RouteDefinition<A, Req, Res>,
): ApiRoute {
  return definition;
}

/** The limit a route runs under (per client address when public, per user otherwise); null for none. */
export function routeRateLimit(route: ApiRoute): { limit: number; windowSeconds: number } | null {
  if (route.rateLimit === false) return null;
  return route.rateLimit ?? (route.auth === 'public' ? DEFAULT_PUBLIC_RATE_LIMIT : DEFAULT_USER_RATE_LIMIT);
}

/**
 * The error statuses the router itself can answer for a route, by the rules
 * it applies; a handler's own (409, 404 without a path parameter, …) are
 * declared in its `responses`. The OpenAPI document lists both.
 */
export function routeErrorStatuses(route: ApiRoute): Record<number, string> {
  const statuses: Record<number, string> = {};
  if (route.request.body || route.request.query || route.request.params) statuses[400] = 'Invalid request';
  if (route.auth !== 'public') {
    statuses[401] = 'Missing, expired or revoked session token';
    statuses[403] = 'The caller lacks the role this route requires';
  }
  if (route.request.params) statuses[404] = 'No such resource';
  if (route.method !== 'get') statuses[413] = 'The body is larger than the route accepts';
  if (route.request.body) statuses[415] = 'The body is not JSON';
  if (routeRateLimit(route)) statuses[429] = 'Rate limited; see Retry-After';
  statuses[500] = 'Internal error';
  statuses[503] =
    'A service the route depends on is unavailable, or the account concerned is being moved to another region; try again after Retry-After';
  return statuses;
}
