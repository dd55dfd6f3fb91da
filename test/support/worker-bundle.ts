import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflows } from '../../activities/worker/worker';

/** Bundles the production workflows once per test file, so each test's worker starts in milliseconds. */
export async function writeWorkflowBundle(): Promise<string> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'autrace-bundle-')), 'workflows.js');
  writeFileSync(file, await bundleWorkflows());
  return file;
}
