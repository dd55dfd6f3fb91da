import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/browser-session';
import { ERROR_CODES } from '../errors/api-error';
import { routeErrorStatuses, type ApiRoute } from './define-route';

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error', description: 'The one error shape of every 4xx and 5xx answer.' });

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** `/v1/keys/:keyId` → `/v1/keys/{keyId}` */
export function toOpenApiPath(koaPath: string): string {
  return koaPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function errorResponses(route: ApiRoute): RouteConfig['responses'] {
  const responses: RouteConfig['responses'] = {};
  for (const [status, description] of Object.entries(routeErrorStatuses(route)))
    responses[status] = { description, content: { 'application/json': { schema: errorBodySchema } } };
  return responses;
}

function describeAccess(route: ApiRoute): string {
  if (route.auth === 'public') return 'Public.';
  if (route.auth === 'operator') return 'Operators only.';
  return `Account users with role: ${(route.roles ?? ['owner', 'admin', 'member']).join(', ')}.`;
}

/** The OpenAPI 3.1 document, built from the same route list (and zod schemas) the router validates with. */
export function buildOpenApiDocument(routes: readonly ApiRoute[], serverUrl: string): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'session', {
    type: 'http',
    scheme: 'bearer',
    description: 'A session token from POST /v1/auth/login or /v1/auth/signup.',
  });
  const cookie = registry.registerComponent('securitySchemes', 'browserSession', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      "The web app's session cookie from POST /v1/auth/browser/login; requests that change something also send " +
      "the autrace_csrf cookie's value in the X-CSRF-Token header.",
  });
  for (const route of routes) {
    const responses: RouteConfig['responses'] = { ...errorResponses(route) };
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = response.schema
        ? { description: response.description, content: { 'application/json': { schema: response.schema } } }
        : response.contentType
          ? { description: response.description, content: { [response.contentType]: { schema: { type: 'string' } } } }
          : Number(status) >= 400
            ? { description: response.description, content: { 'application/json': { schema: errorBodySchema } } }
            : { description: response.description };
    }
    registry.registerPath({
      method: route.method,
      path: toOpenApiPath(route.path),
      summary: route.summary,
      description: [route.description, describeAccess(route)].filter(Boolean).join('\n\n'),
      tags: route.tags,
      ...(route.auth === 'public' ? {} : { security: [{ [bearer.name]: [] }, { [cookie.name]: [] }] }),
      request: {
        ...(route.request.params ? { params: route.request.params } : {}),
        ...(route.request.query ? { query: route.request.query } : {}),
        ...(route.request.body
          ? { body: { required: true, content: { 'application/json': { schema: route.request.body } } } }
          : {}),
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Autrace Management API',
      version: '1.0.0',
      description:
        'Accounts, API keys, policies, settings, usage, the audit trail and billing. Errors: `{ error: { code, message, requestId } }`.',
    },
    servers: [{ url: serverUrl }],
  });
}
