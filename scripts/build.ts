/**
 * `npm run build [outDir]`: the production build, plain JavaScript that
 * `node` runs with no loader. Each process is one esbuild bundle of our code
 * with packages left as imports (node_modules is installed beside it);
 * migrations are compiled one file each, since knex loads them from a folder;
 * the workflow bundle is built here so workers never bundle at start-up.
 *
 *   dist/gateway.js  dist/api.js  dist/worker.js  dist/migrate.js  dist/cli.js
 *   dist/migrations/*.js  dist/workflow-bundle.js  dist/web/ (the web app, scripts/build-web.ts)
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { bundleWorkflows } from '../activities/worker/worker';
import { projectRoot } from './bootstrap.mjs';
import { buildWebApp } from './build-web';

export const ENTRY_POINTS = {
  gateway: 'gateway/main.ts',
  api: 'api/main.ts',
  worker: 'activities/worker/main.ts',
  migrate: 'platform/database/migrate-cli.ts',
  cli: 'api/cli/main.ts',
};

/** The options every production bundle is built with (the benchmark builds the gateway with them too). */
export const BUILD_OPTIONS: BuildOptions = {
  absWorkingDir: projectRoot,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
};

export async function buildProduction(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  const migrations = (await readdir(path.join(projectRoot, 'migrations'))).filter((file) => file.endsWith('.ts'));
  await Promise.all([
    // Shared chunks sit beside the entries, so code that finds files next to itself finds them in outDir.
    build({ ...BUILD_OPTIONS, entryPoints: ENTRY_POINTS, outdir: outDir, splitting: true }),
    build({
      ...BUILD_OPTIONS,
      entryPoints: migrations.map((file) => path.join('migrations', file)),
      outdir: path.join(outDir, 'migrations'),
    }),
    buildWebApp(path.join(outDir, 'web')),
    bundleWorkflows().then(async (code) => {
      await mkdir(outDir, { recursive: true });
      await writeFile(path.join(outDir, 'workflow-bundle.js'), code);
    }),
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = path.resolve(projectRoot, process.argv[2] ?? 'dist');
  const started = Date.now();
  await buildProduction(outDir);
  console.log(`built ${path.relative(process.cwd(), outDir) || '.'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
