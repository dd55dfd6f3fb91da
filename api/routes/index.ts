import type { ApiRoute } from '../http/define-route';
import { createApiKeyRoute } from './api-keys/create-api-key';
import { listApiKeysRoute } from './api-keys/list-api-keys';
import { revokeApiKeyRoute } from './api-keys/revoke-api-key';
import { listSessionsRoute } from './auth/list-sessions';
import { loginRoute } from './auth/login';
import { logoutRoute } from './auth/logout';
import { meRoute } from './auth/me';
import { revokeSessionRoute } from './auth/revoke-session';
import { signupRoute } from './auth/signup';
import { createDocsRoutes } from './system/docs';
import { healthzRoute } from './system/healthz';

/**
 * The one route list: the router and the OpenAPI document are both built from
 * it. Adding a route is one file under routes/<area>/ plus one line here.
 */
export const apiRoutes: readonly ApiRoute[] = [
  healthzRoute,
  ...createDocsRoutes(() => apiRoutes),
  signupRoute,
  loginRoute,
  logoutRoute,
  meRoute,
  listSessionsRoute,
  revokeSessionRoute,
  createApiKeyRoute,
  listApiKeysRoute,
  revokeApiKeyRoute,
];
