import type { Middleware } from 'koa';
import { DomainError, type DomainErrorCode } from '../../platform/errors/domain-error';
import { ACCOUNT_MOVING_RETRY_AFTER_SECONDS } from '../../platform/regions/moving-accounts';
import { reportError } from '../../platform/observability/error-reporting';
import type { Logger } from '../../platform/observability/logger';
import { upstreamError } from './upstream-errors';

/** Every error code the API answers with, and its HTTP status. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. Retry-After or Allow. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string };
}

const STATUS_CODES = new Map<number, ErrorCode>(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ErrorCode]),
);

/** How the core's business failures reach API clients. */
const DOMAIN_ERROR_CODES: Record<DomainErrorCode, ErrorCode> = {
  AccountNotFound: 'NOT_FOUND',
  AccountAlreadyDeleted: 'CONFLICT',
  AccountMoveRefused: 'CONFLICT',
  AccountMoveNotFound: 'NOT_FOUND',
  AccountMoving: 'SERVICE_UNAVAILABLE',
  EmailTaken: 'CONFLICT',
  RegionNotInPlan: 'BAD_REQUEST',
  PolicyVersionNotFound: 'NOT_FOUND',
  PolicyEffectiveDateTooEarly: 'BAD_REQUEST',
  PolicyVersionNotPending: 'CONFLICT',
  PolicyVersionExists: 'CONFLICT',
  ProviderConnectionExists: 'CONFLICT',
  ProviderBaseUrlRefused: 'BAD_REQUEST',
  ModelAliasExists: 'CONFLICT',
  ModelAliasTargetInvalid: 'BAD_REQUEST',
  ApiKeyNotFound: 'NOT_FOUND',
  BudgetExists: 'CONFLICT',
  PriceVersionExists: 'CONFLICT',
  ExportNotFound: 'NOT_FOUND',
  ExportNotReady: 'CONFLICT',
  ExportExpired: 'GONE',
  ExportedFullLogUnreadable: 'BAD_REQUEST',
  ExportedFullLogsShredded: 'GONE',
};

/** An error the API answers as itself (its own or the core's business failures); null for anything unexpected. */
export function expectedApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (!(error instanceof DomainError)) return null;
  const headers: Record<string, string> =
    error.code === 'AccountMoving' ? { 'Retry-After': String(ACCOUNT_MOVING_RETRY_AFTER_SECONDS) } : {};
  return new ApiError(DOMAIN_ERROR_CODES[error.code], error.message, headers);
}

/** Errors thrown by Koa or its helpers (ctx.throw, http-errors) carry a status; map them onto our codes. */
function fromHttpError(error: unknown): ApiError | null {
  if (typeof error !== 'object' || error === null) return null;
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  const code = STATUS_CODES.get(status) ?? 'BAD_REQUEST';
  const exposed = (error as { expose?: unknown }).expose === true;
  return new ApiError(
    code,
    exposed && error instanceof Error ? error.message : code.toLowerCase().replaceAll('_', ' '),
  );
}

/**
 * The one error middleware: whatever fails below it, the client gets
 * `{ error: { code, message, requestId } }`. Only 5xx are logged as errors;
 * their message to the client is generic so nothing internal leaks.
 */
export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body === undefined || ctx.body === null) {
        if (ctx.status === 404) throw new ApiError('NOT_FOUND', 'no such route');
      }
    } catch (error) {
      const requestId = String(ctx.state.requestId ?? '');
      let apiError = expectedApiError(error) ?? fromHttpError(error) ?? upstreamError(error);
      if (!apiError) {
        logger.error({ err: error, requestId, method: ctx.method, path: ctx.path }, 'unhandled API error');
        reportError(error, { requestId, method: ctx.method, path: ctx.path });
        apiError = new ApiError('INTERNAL_ERROR', 'internal error');
      } else if (apiError.status >= 500) {
        logger.error({ code: apiError.code, requestId, method: ctx.method, path: ctx.path }, apiError.message);
      }
      ctx.status = apiError.status;
      for (const [name, value] of Object.entries(apiError.headers)) ctx.set(name, value);
      const body: ErrorBody = { error: { code: apiError.code, message: apiError.message, requestId } };
      ctx.body = body;
    }
  };
}
