import assert from 'node:assert/strict';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  firstUnenterableDirectory,
  reachableDataDirectory,
  REACHABLE_BASE,
  type PosixUser,
} from '../../scripts/embedded-postgres-as-root';

// A user that exists only as ids: directories are handed to it with chown, which needs root.
const postgresUser: PosixUser = { uid: 4242, gids: [4243, 4244] };
const asRoot = process.getuid?.() === 0;

describe('which directories the postgres user can enter', { skip: !asRoot && 'needs root to chown' }, () => {
  let root: string;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'autrace-reach-'));
    await chmod(root, 0o755);
  });
  after(() => rm(root, { recursive: true, force: true }));

  async function directory(name: string, mode: number, owner = { uid: 0, gid: 0 }): Promise<string> {
    const dir = path.join(root, name);
    await mkdir(dir, { recursive: true });
    await chown(dir, owner.uid, owner.gid);
    await chmod(dir, mode);
    return dir;
  }

  test('a root-only home directory (mode 700) blocks the way to everything below it, and is the one named', async () => {
    const home = await directory('home-700', 0o700);
    const below = await directory('home-700/clone/node_modules', 0o755);
    assert.equal(await firstUnenterableDirectory(path.join(below, 'initdb'), postgresUser), home);
  });

  test('a home directory with mode 711 lets others through', async () => {
    await directory('home-711', 0o711);
    const below = await directory('home-711/clone', 0o755);
    assert.equal(await firstUnenterableDirectory(below, postgresUser), undefined);
  });

  test('a mode-700 directory the postgres user owns lets it in', async () => {
    const own = await directory('owned-700', 0o700, { uid: postgresUser.uid, gid: 0 });
    assert.equal(await firstUnenterableDirectory(own, postgresUser), undefined);
  });

  test('the group bit counts for any group the user is in, and only for those', async () => {
    const member = await directory('group-member-710', 0o710, { uid: 0, gid: 4244 });
    const stranger = await directory('group-stranger-710', 0o710, { uid: 0, gid: 4300 });
    assert.equal(await firstUnenterableDirectory(member, postgresUser), undefined);
    assert.equal(await firstUnenterableDirectory(stranger, postgresUser), stranger);
  });

  test('an owner without the search bit is refused even where others have it', async () => {
    const dir = await directory('owner-without-x', 0o671, { uid: postgresUser.uid, gid: 0 });
    assert.equal(await firstUnenterableDirectory(dir, postgresUser), dir);
  });

  test('a path not created yet is judged by the directories that exist on its way', async () => {
    const home = await directory('home-700-empty', 0o700);
    assert.equal(await firstUnenterableDirectory(path.join(home, 'not', 'yet'), postgresUser), home);
    assert.equal(await firstUnenterableDirectory(path.join(root, 'not', 'yet'), postgresUser), undefined);
  });

  test('a data directory the user can reach stays where it was asked for', async () => {
    const open = path.join(await directory('open', 0o755), 'postgres');
    assert.equal(await reachableDataDirectory(open, postgresUser), open);
  });

  test('an unreachable data directory moves to one stand-in under the shared base, the same on every start', async () => {
    const asked = path.join(await directory('home-700-data', 0o700), '.data', 'postgres');
    const first = await reachableDataDirectory(asked, postgresUser);
    assert.equal(path.dirname(first), REACHABLE_BASE);
    assert.equal(await reachableDataDirectory(asked, postgresUser), first);
    assert.equal(await firstUnenterableDirectory(first, postgresUser), undefined);
  });
});
