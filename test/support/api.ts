import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type Stripe from 'stripe';
import { createApiApp } from '../../api/app';
import { createSession } from '../../api/auth/sessions';
import type { AccountRole } from '../../platform/accounts/roles';
import { lazy, type ApiDeps } from '../../api/deps';
import { createAccountWithOwner, insertUser } from '../../platform/accounts/accounts';
import { createInMemoryRateLimiter, unlimitedRateLimiter, type RateLimiter } from '../../api/rate-limit/rate-limiter';
import type { Region } from '../../platform/config/config';
import type { Logger } from '../../platform/observability/logger';
import { createTemporalClient } from '../../platform/temporal/connection';
import type { Plan } from '../../platform/billing/plans';
import { directoryWrites } from '../../platform/regions/directory';
import { createTestStack, type TestStack } from './stack';

export interface TestUser {
  userId: string;
  email: string;
  password: string;
  /** A session token for Authorization: Bearer. */
  token: string;
}

export interface TestAccount {
  accountId: string;
  owner: TestUser;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (for malformed-JSON and webhook tests). */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export interface TestApi {
  url: string;
  stack: TestStack;
  deps: ApiDeps;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  createAccount(options?: { plan?: Plan; region?: Region; name?: string }): Promise<TestAccount>;
  createUser(accountId: string, role: AccountRole): Promise<TestUser>;
  createOperator(): Promise<TestUser>;
  close(): Promise<void>;
}

export interface StartTestApiOptions {
  env?: Record<string, string>;
  stripe?: Stripe;
  /** Override the lazy Temporal client (e.g. a time-skipping environment's client). */
  temporal?: () => Promise<Client>;
  /** Defaults to no limits, so tests are not throttled; pass createInMemoryRateLimiter() to test limits. */
  rateLimiter?: RateLimiter;
  /** The limiter of a region's users (per-user limits, failed sign-ins); `rateLimiter` when not given. */
  regionalRateLimiter?: (region: Region) => RateLimiter;
  /** Replace the (silent) logger, e.g. to capture what the API logs. */
  logger?: Logger;
}

const uniqueEmail = (label: string) => `${label}-${randomBytes(5).toString('hex')}@example.test`;

/** The Management API on a fresh test database (and SMTP, S3 buckets), listening on a free port. */
export async function startTestApi(options: StartTestApiOptions = {}): Promise<TestApi> {
  const stack = await createTestStack({
    ...(options.env ? { env: options.env } : {}),
    ...(options.stripe ? { stripe: options.stripe } : {}),
  });
  const deps: ApiDeps = {
    ...stack.deps,
    temporal: options.temporal ?? lazy(() => createTemporalClient(stack.config.temporal)),
    rateLimiter: options.rateLimiter ?? unlimitedRateLimiter,
    ...(options.regionalRateLimiter ? { regionalRateLimiter: options.regionalRateLimiter } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const server: Server = createApiApp(deps).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sessionFor = async (userId: string) => (await createSession(stack.database.db, userId)).token;

  return {
    url,
    stack,
    deps,
    async request<T>(method: string, path: string, request: RequestOptions = {}): Promise<ApiResponse<T>> {
      const headers: Record<string, string> = { ...request.headers };
      if (request.token) headers.authorization = `Bearer ${request.token}`;
      let body: string | Buffer | undefined;
      if (request.rawBody !== undefined) body = request.rawBody;
      else if (request.body !== undefined) {
        body = JSON.stringify(request.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      let parsed: unknown = text;
      if (response.headers.get('content-type')?.includes('application/json') && text) parsed = JSON.parse(text);
      return { status: response.status, headers: response.headers, body: parsed as T, text };
    },
    async createAccount(account = {}) {
      const email = uniqueEmail('owner');
      const password = `pw-${randomBytes(8).toString('hex')}`;
      const ids = await createAccountWithOwner(
        stack.database.db,
        stack.config.keys.master,
        {
          accountName: account.name ?? 'Test account',
          ownerName: 'Owner',
          email,
          password,
          plan: account.plan ?? 'free',
          region: account.region ?? 'eu',
          directory: directoryWrites(stack.deps),
        },
        'owner',
      );
      return {
        accountId: ids.accountId,
        owner: { userId: ids.userId, email, password, token: await sessionFor(ids.userId) },
      };
    },
    async createUser(accountId, role) {
      const email = uniqueEmail(role);
      const password = `pw-${randomBytes(8).toString('hex')}`;
      const directory = directoryWrites(stack.deps);
      const userId = await directory.run(async () => {
        await directory.addUser(email, accountId);
        return stack.database.db.transaction((trx) =>
          insertUser(trx, { accountId, name: role, email, password, role }),
        );
      });
      return { userId, email, password, token: await sessionFor(userId) };
    },
    async createOperator() {
      const email = uniqueEmail('operator');
      const password = `pw-${randomBytes(8).toString('hex')}`;
      const userId = await stack.database.db.transaction((trx) =>
        insertUser(trx, { accountId: null, name: 'Operator', email, password, role: 'operator' }),
      );
      return { userId, email, password, token: await sessionFor(userId) };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stack.close();
    },
  };
}

export { createInMemoryRateLimiter };

/** Asserts the one error shape: `{ error: { code, message, requestId } }` with the status for the code. */
export function assertApiError(response: ApiResponse, status: number, code: string): void {
  const body = response.body as { error?: { code?: unknown; message?: unknown; requestId?: unknown } };
  if (response.status !== status || body.error?.code !== code)
    throw new Error(`expected ${status} ${code}, got ${response.status} ${response.text.slice(0, 300)}`);
  if (typeof body.error.message !== 'string' || typeof body.error.requestId !== 'string' || body.error.requestId === '')
    throw new Error(`not the error shape: ${response.text.slice(0, 300)}`);
}

/** Number of rows in a table (to check a failed request changed nothing). */
export async function countRows(api: TestApi, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const row = await api.stack.database.db(table).where(where).count<{ count: number }[]>({ count: '*' });
  return Number(row[0]?.count ?? 0);
}
