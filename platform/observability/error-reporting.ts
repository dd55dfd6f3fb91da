import * as Sentry from '@sentry/node';
import type { Config } from '../config/config';
import { scrubEvent } from './scrub-event';

/**
 * Error reports to Sentry when SENTRY_DSN is set, each scrubbed by
 * scrubEvent before it leaves; without a DSN, reportError does nothing.
 */
export function initErrorReporting(config: Pick<Config, 'sentry' | 'env'>, service: string): void {
  if (!config.sentry.dsn) return;
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
  if (!Sentry.isInitialized()) return;
  Sentry.captureException(error, { extra: context });
}

/** Waits for queued reports to be sent (on shutdown, and in tests). */
export async function flushErrorReports(timeoutMs = 2_000): Promise<void> {
  if (Sentry.isInitialized()) await Sentry.flush(timeoutMs);
}
