/**
 * The web app's production build (Vite): api/web → `outDir` (index.html and
 * content-hashed files under assets/), which the API serves (API_WEB_DIR).
 * Everything it needs is in node_modules: the build downloads nothing.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { projectRoot } from './bootstrap.mjs';

export const WEB_SOURCE_DIR = path.join(projectRoot, 'api/web');

export async function buildWebApp(outDir: string): Promise<void> {
  await build({
    root: WEB_SOURCE_DIR,
    configFile: false,
    logLevel: 'warn',
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir,
      emptyOutDir: true,
      // Fonts and images as files, never inlined: the pages' CSP allows our own origin.
      assetsInlineLimit: 0,
      sourcemap: true,
    },
  });
}

/** `npm start` builds the app only when there is none (a fresh clone); `npm run build` always does. */
export async function ensureWebAppBuilt(outDir: string): Promise<boolean> {
  if (existsSync(path.join(outDir, 'index.html'))) return false;
  await buildWebApp(outDir);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = path.resolve(projectRoot, process.argv[2] ?? 'dist/web');
  const started = Date.now();
  await buildWebApp(outDir);
  console.log(`built ${path.relative(process.cwd(), outDir)} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
