import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflows } from './worker';

/** Builds the workflow bundle the production worker loads (TEMPORAL_WORKFLOW_BUNDLE). */
const output = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
const code = await bundleWorkflows();
await mkdir(path.dirname(output), { recursive: true });
await writeFile(output, code);
console.log(`workflow bundle written to ${output}`);
