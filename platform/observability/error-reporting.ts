import type { Config } from '../config/config';
import { scrubEvent } from './scrub-event';

type SentrySdk = typeof import('@sentry/node');

/** Loaded only when a DSN is set: the SDK and its OpenTelemetry packages hold about 40 MB of a process's memory. */
let sentry: SentrySdk | null = null;

/**
 * Error reports to Sentry when SENTRY_DSN is set, each scrubbed by
 * scrubEvent before it leaves; without a DSN, reportError does nothing.
 */
export async function initErrorReporting(config: Pick<Config, 'sentry' | 'env'>, service: string): Promise<void> {
  if (!config.sentry.dsn) return;
  const Sentry = (sentry ??= await import('@sentry/node'));
  Sentry.init({
    dsn: config.sentry.dsn,
    environment: config.env,
    serverName: service,
    // The SDK is asked to collect nothing personal; scrubEvent does not rely on it.
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      genAI: { inputs: false, outputs: false },
    },
    tracesSampleRate: 0,
    beforeSend: scrubEvent,
    beforeBreadcrumb: () => null,
  });
}

/** An unexpected failure, with context that is scrubbed like the rest of the event. */
export function reportError(error: unknown, context: Record<string, string | number> = {}): void {
  if (!sentry?.isInitialized()) return;
  sentry.captureException(error, { extra: context });
}

/** Waits for queued reports to be sent (on shutdown, and in tests). */
export async function flushErrorReports(timeoutMs = 2_000): Promise<void> {
  if (sentry?.isInitialized()) await sentry.flush(timeoutMs);
}
