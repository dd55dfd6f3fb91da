/** The API's one error shape. */
interface ApiErrorBody {
  error: { code: string; message: string; requestId: string };
}

const isApiErrorBody = (value: unknown): value is ApiErrorBody =>
  typeof value === 'object' &&
  value !== null &&
  'error' in value &&
  typeof value.error === 'object' &&
  value.error !== null &&
  'message' in value.error &&
  typeof value.error.message === 'string';

const LEAD_BY_CODE: Record<string, string> = {
  BAD_REQUEST: 'That was not accepted',
  UNAUTHORIZED: 'You are not signed in, or your session has ended',
  FORBIDDEN: 'You are not allowed to do this',
  NOT_FOUND: 'That was not found',
  CONFLICT: 'That clashes with the current state',
  PAYLOAD_TOO_LARGE: 'That is too large',
  RATE_LIMITED: 'Too many attempts; wait a moment and try again',
  SERVICE_UNAVAILABLE: 'A service behind Autrace is unavailable; try again shortly',
};

/** An API failure as a sentence a person can act on, with the reference support asks for. */
export function describeApiError(error: unknown, response?: Response): string {
  if (isApiErrorBody(error)) {
    const lead = LEAD_BY_CODE[error.error.code] ?? 'Something went wrong on our side';
    return `${lead}: ${error.error.message}. (Reference ${error.error.requestId})`;
  }
  if (response) return `The request failed with HTTP status ${response.status}.`;
  return 'Autrace could not be reached. Check your connection and try again.';
}

/** Thrown by `unwrap`; the message is already in words. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** openapi-fetch's `{ data, error, response }` to the data, or an ApiFailure worded for people. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiFailure(describeApiError(undefined), 0);
  }
  if (result.response.ok) return result.data as T;
  throw new ApiFailure(describeApiError(result.error, result.response), result.response.status);
}
