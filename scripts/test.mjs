// `npm test`: installs what is missing, then type-checks, lints and runs the suite
// against real servers. Arguments narrow the run to test files or folders.
import { spawnSync } from 'node:child_process';
import { ensureInstalled, projectRoot } from './bootstrap.mjs';

ensureInstalled();
const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/run-tests.ts', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
