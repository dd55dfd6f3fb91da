// `npm start`: installs what is missing, then runs the whole development stack.
// The stack runs in its own process group and is stopped in order on Ctrl-C,
// so no server is left behind.
import { spawn } from 'node:child_process';
import { ensureInstalled, projectRoot } from './bootstrap.mjs';

ensureInstalled();
const stack = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev-stack.ts'], {
  cwd: projectRoot,
  // The AWS SDK warns in every process that its 2027 releases will need Node 22.
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env },
  stdio: 'inherit',
  detached: true,
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => stack.kill('SIGTERM'));
}
stack.on('exit', (code) => process.exit(code ?? 0));
