import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../platform/temporal/worker';

/** Bundles the production workflows once per test file, so each test's worker starts in milliseconds. */
export async function bundleWorkflowsOnce(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'autrace-bundle-')), 'workflows.js');
  writeFileSync(file, code);
  return file;
}
