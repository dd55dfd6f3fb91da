import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { runCli, type CliRun } from '../../api/cli/run-cli';
import { searchAttributes } from '../../temporal.config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createTimeSkippingEnvironment } from '../support/temporal';

let database: TestDatabase;
let env: TestWorkflowEnvironment;
let messageFile: string;

before(async () => {
  [database, env] = await Promise.all([createTestDatabase(), createTimeSkippingEnvironment()]);
  messageFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'autrace-announcement-')), 'message.txt');
  writeFileSync(messageFile, 'The key list now shows requests per key.\n');
});

after(async () => {
  await env?.teardown();
  await database?.drop();
});

function autrace(...args: string[]): Promise<CliRun> {
  return runCli(args, {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    },
  });
}

test('announcements publish stores the announcement, audits it as the CLI and starts its workflow', async () => {
  const result = await autrace(
    'announcements',
    'publish',
    '--kind',
    'product-update',
    '--subject',
    'Per-key usage',
    '--file',
    messageFile,
    '--json',
  );
  assert.equal(result.code, 0, result.stderr);
  const { announcementId, workflowId } = JSON.parse(result.stdout) as { announcementId: string; workflowId: string };
  const row = await database.db('announcements').where({ id: announcementId }).first();
  assert.equal(row?.kind, 'product_update');
  assert.equal(row?.body, 'The key list now shows requests per key.');
  const audit = await database.db('audit_log').where({ target_id: announcementId }).first();
  assert.equal(audit?.action, 'announcement.published');
  assert.deepEqual([audit?.actor_type, audit?.actor_id], ['system', 'cli']);
  const described = await env.client.workflow.getHandle(workflowId).describe();
  assert.equal(described.typedSearchAttributes.get(searchAttributes.workflowKind), 'announcement');

  const listed = await autrace('announcements', 'list', '--json');
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal((JSON.parse(listed.stdout) as Array<{ id: string }>)[0]?.id, announcementId);
});

test('announcements publish refuses an unknown kind and stores nothing', async () => {
  const before = await database.db('announcements').count<Array<{ count: string }>>({ count: '*' });
  const result = await autrace(
    'announcements',
    'publish',
    '--kind',
    'marketing',
    '--subject',
    'Hi',
    '--file',
    messageFile,
  );
  assert.equal(result.code, 1);
  assert.match(result.stderr, /--kind/);
  const afterCount = await database.db('announcements').count<Array<{ count: string }>>({ count: '*' });
  assert.deepEqual(afterCount, before);
});
