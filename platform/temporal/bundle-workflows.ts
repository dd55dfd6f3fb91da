import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './worker';

/** Builds the workflow bundle the production worker loads (TEMPORAL_WORKFLOW_BUNDLE). */
const output = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
await mkdir(path.dirname(output), { recursive: true });
await writeFile(output, code);
console.log(`workflow bundle written to ${output}`);
