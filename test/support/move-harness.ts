import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createRegionalServices, type RegionalServices } from '../../activities/worker/services';
import { createAutraceWorker } from '../../activities/worker/worker';
import { ACCOUNT_MOVE_TASK_QUEUE } from '../../temporal.config';
import { startTestApi, type TestApi } from './api';
import { createTestDatabase, type TestDatabase } from './database';
import { createTimeSkippingEnvironment } from './temporal';

export type MoveActivities = ReturnType<typeof createActivities>;

/** Everything a test of account moves runs against; `close` stops it all. */
export interface MoveHarness {
  env: TestWorkflowEnvironment;
  /** The US region's database (the EU is the API's own). */
  us: TestDatabase;
  api: TestApi;
  services: RegionalServices;
  close(): Promise<void>;
}

/**
 * The API on an EU and a US database, Temporal's time-skipping test server, and a worker on the moves queue
 * running the real activities; `activities` may wrap them (hooks that stand in a move's windows, failures).
 */
export async function startMoveHarness(
  options: {
    apiEnv?: Record<string, string>;
    activities?: (real: MoveActivities) => MoveActivities;
  } = {},
): Promise<MoveHarness> {
  const [env, us] = await Promise.all([createTimeSkippingEnvironment(), createTestDatabase()]);
  const api = await startTestApi({
    env: { DATABASE_URL_US: us.url, ...options.apiEnv },
    temporal: () => Promise.resolve(env.client),
  });
  const services = createRegionalServices(api.stack.config, 'test-worker', ['eu', 'us', 'apac'], {
    byUrl: new Map([
      [api.stack.database.url, api.stack.database.appDb],
      [us.url, us.appDb],
    ]),
  });
  const real = createActivities(services.shared);
  const worker: Worker = await createAutraceWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: ACCOUNT_MOVE_TASK_QUEUE,
    deps: services.shared,
    overrides: { activities: options.activities ? options.activities(real) : real },
  });
  const running = worker.run();
  return {
    env,
    us,
    api,
    services,
    async close() {
      worker.shutdown();
      await running;
      await services.close();
      await api.close();
      await env.teardown();
      await us.drop();
    },
  };
}
