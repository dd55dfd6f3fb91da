import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildWebApp, WEB_SOURCE_DIR } from '../../../scripts/build-web';
import { projectRoot } from '../../../scripts/bootstrap.mjs';

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

/** A hash of the app's sources and the installed packages: a build is reused exactly while neither changed. */
function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(WEB_SOURCE_DIR), path.join(projectRoot, 'package-lock.json')]) {
    hash.update(path.relative(projectRoot, file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The web app built from the current sources, once for all browser test files:
 * built into a private folder and renamed into place, so files running at the
 * same time never see a half-written build.
 */
export async function builtWebApp(): Promise<string> {
  const dir = path.join(projectRoot, '.data', 'web-test-builds', sourceHash());
  if (existsSync(path.join(dir, 'index.html'))) return dir;
  const scratch = `${dir}.${process.pid}`;
  await buildWebApp(scratch);
  try {
    renameSync(scratch, dir);
  } catch (error) {
    // Another file finished the same build first: use theirs.
    rmSync(scratch, { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'index.html'))) throw error;
  }
  return dir;
}
