import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, Page } from 'playwright-core';
import { startGateway, type RunningGateway } from '../../../gateway/app';
import { startFakeProvider, type FakeProvider } from '../../../gateway/providers/fake';
import { createLogger } from '../../../platform/observability/logger';
import { startTestApi, type TestApi } from '../../support/api';
import { startPrivacyWorker } from '../../support/dsr-harness';
import { createTimeSkippingEnvironment } from '../../support/temporal';
import { DESKTOP, launchBrowser } from './browser';
import { builtWebApp } from './web-build';

export interface WebStack {
  api: TestApi;
  /** The API's origin, which serves the web app. */
  url: string;
  gateway: RunningGateway;
  fake: FakeProvider;
  browser: Browser;
  temporal: TestWorkflowEnvironment | null;
  /** A fresh browser context (no cookies) and page at desktop size. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * One test file's stack, shared by its tests: the web app's build served by
 * the API on a fresh database, a gateway on the same database in front of the
 * fake provider, one Chromium, and (when asked) Temporal's time-skipping
 * server with a worker running every real activity.
 */
export async function startWebStack(options: { temporal?: boolean } = {}): Promise<WebStack> {
  const [webDir, fake, temporal, browser] = await Promise.all([
    builtWebApp(),
    startFakeProvider(),
    options.temporal ? createTimeSkippingEnvironment() : Promise.resolve(null),
    launchBrowser(),
  ]);
  const api = await startTestApi({
    env: { API_WEB_DIR: webDir, FAKE_PROVIDER_URL: fake.url },
    ...(temporal ? { temporal: () => Promise.resolve(temporal.client) } : {}),
  });
  const config = api.stack.config;
  const gateway = await startGateway({
    config,
    db: api.stack.database.appDb,
    logger: createLogger(config, 'gateway'),
    port: 0,
    host: '127.0.0.1',
    metricsPort: 0,
    logFlushIntervalMs: 20,
  });
  const worker = temporal ? await startPrivacyWorker(temporal, api.stack) : null;
  return {
    api,
    url: api.url,
    gateway,
    fake,
    browser,
    temporal,
    async newPage() {
      const context = await browser.newContext({ viewport: DESKTOP, baseURL: api.url });
      // A person's wait; a missing element fails in seconds, not half a minute.
      context.setDefaultTimeout(10_000);
      return context.newPage();
    },
    async close() {
      await browser.close();
      await worker?.stop();
      await gateway.close();
      await api.close();
      await fake.close();
      await temporal?.teardown();
    },
  };
}
