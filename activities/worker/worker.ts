import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '..';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WORKFLOWS_PATH = path.resolve(here, '../../workflows/index.ts');
/** The production build (scripts/build.ts) writes the workflow bundle beside the compiled worker, which loads it by default. */
export const BUILT_WORKFLOW_BUNDLE = import.meta.url.endsWith('.ts')
  ? undefined
  : path.join(here, 'workflow-bundle.js');

export interface AutraceWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Prebuilt workflow bundle (production); without it, workflows are bundled from source at start-up. */
  workflowBundlePath?: string | undefined;
  /** A bundle built once in this process and shared by several workers (see `bundleWorkflowsOnce`). */
  workflowBundleCode?: string | undefined;
  /** Overrides for tests (e.g. a fixture workflows file). */
  overrides?: Partial<WorkerOptions>;
}

export function createAutraceWorker(options: AutraceWorkerOptions): Promise<Worker> {
  const workflowSource = options.workflowBundlePath
    ? { workflowBundle: { codePath: options.workflowBundlePath } }
    : options.workflowBundleCode
      ? { workflowBundle: { code: options.workflowBundleCode } }
      : { workflowsPath: WORKFLOWS_PATH };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.deps),
    ...workflowSource,
    ...options.overrides,
  });
}

/** The workflow bundle's code, built from source (webpack's module listing left out). */
export async function bundleWorkflows(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
  return code;
}

/** Bundles the workflows from source once, so the region workers of one process share one bundle. */
export async function bundleWorkflowsOnce(workflowBundlePath: string | undefined): Promise<string | undefined> {
  return workflowBundlePath ? undefined : bundleWorkflows();
}

const ignore = () => undefined;
/** webpack's module listing is noise at start-up; its warnings and errors still reach stderr. */
const quietBundlerLogger = {
  log: ignore,
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
