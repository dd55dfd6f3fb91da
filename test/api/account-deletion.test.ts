import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { runCli } from '../../api/cli/run-cli';
import { taskQueueFor, workflowIds, type AccountDeletionStatus } from '../../temporal.config';
import { startTestApi, type TestApi } from '../support/api';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { writeWorkflowBundle } from '../support/worker-bundle';
import type { accountDeletionWorkflow } from '../../workflows/account-deletion';

const DAY = 86_400_000;
let api: TestApi;
let env: TestWorkflowEnvironment;
let bundlePath: string;

before(async () => {
  env = await createTimeSkippingEnvironment();
  api = await startTestApi({ temporal: () => Promise.resolve(env.client) });
  bundlePath = await writeWorkflowBundle();
});

after(async () => {
  await api?.close();
  await env?.teardown();
});

async function withWorker<T>(run: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: taskQueueFor('eu'),
    workflowBundle: { codePath: bundlePath },
    activities: createActivities(api.stack.deps),
  });
  return worker.runUntil(run);
}

test('the owner requests deletion once, reads its purge date, and cancels it; members and strangers cannot', async () => {
  const account = await api.createAccount({ region: 'eu' });
  const member = await api.createUser(account.accountId, 'member');
  await withWorker(async () => {
    assert.equal((await api.request('POST', '/v1/account/deletion')).status, 401);
    assert.equal((await api.request('POST', '/v1/account/deletion', { token: member.token })).status, 403);

    const first = await api.request<{ started: boolean; deletion: AccountDeletionStatus }>(
      'POST',
      '/v1/account/deletion',
      { token: account.owner.token },
    );
    assert.equal(first.status, 202);
    assert.equal(first.body.started, true);
    assert.equal(first.body.deletion.state, 'grace-period');
    const second = await api.request<{ started: boolean }>('POST', '/v1/account/deletion', {
      token: account.owner.token,
    });
    assert.equal(second.status, 202);
    assert.equal(second.body.started, false, 'a second request starts nothing new');

    const status = await api.request<{ deletion: AccountDeletionStatus }>('GET', '/v1/account/deletion', {
      token: account.owner.token,
    });
    assert.equal(status.status, 200);
    assert.equal(Date.parse(status.body.deletion.purgeAt) - Date.parse(status.body.deletion.requestedAt), 90 * DAY);
    assert.equal((await api.request('GET', '/v1/account/deletion', { token: member.token })).status, 403);

    assert.equal((await api.request('DELETE', '/v1/account/deletion', { token: account.owner.token })).status, 202);
    const result = await env.client.workflow
      .getHandle<typeof accountDeletionWorkflow>(workflowIds.accountDeletion(account.accountId))
      .result();
    assert.equal(result.state, 'cancelled');
    const cancelledAgain = await api.request<{ error: { code: string } }>('DELETE', '/v1/account/deletion', {
      token: account.owner.token,
    });
    assert.equal(cancelledAgain.status, 404);
  });
  const row = await api.stack.database.db('accounts').where({ id: account.accountId }).first('status');
  assert.equal(row?.status, 'active');
});

test('an operator publishes a privacy-policy version; a date under 14 days away is a 400, and users cannot publish', async () => {
  const operator = await api.createOperator();
  const owner = (await api.createAccount({ region: 'eu' })).owner;
  // The route and the CLI check against the wall clock, as in production.
  const now = Date.now();
  const body = (days: number, version: string) => ({
    version,
    summary: 'Annex of sub-processors.',
    body: 'Full text.',
    effectiveAt: new Date(now + days * DAY).toISOString(),
  });

  const early = await api.request<{ error: { code: string; message: string } }>(
    'POST',
    '/v1/operator/privacy-policy/versions',
    { token: operator.token, body: body(13, 'v-early') },
  );
  assert.equal(early.status, 400);
  assert.equal(early.body.error.code, 'BAD_REQUEST');
  assert.match(early.body.error.message, /14 days/);
  assert.notEqual(
    (
      await api.request('POST', '/v1/operator/privacy-policy/versions', {
        token: owner.token,
        body: body(20, 'v-user'),
      })
    ).status,
    201,
  );

  const published = await api.request<{ versionId: string; workflowId: string }>(
    'POST',
    '/v1/operator/privacy-policy/versions',
    { token: operator.token, body: body(20, 'v-ok') },
  );
  assert.equal(published.status, 201);
  assert.equal(published.body.workflowId, workflowIds.privacyPolicyNotice(published.body.versionId));
  const duplicate = await api.request('POST', '/v1/operator/privacy-policy/versions', {
    token: operator.token,
    body: body(20, 'v-ok'),
  });
  assert.equal(duplicate.status, 409);
  await env.client.workflow.getHandle(published.body.workflowId).terminate('test done');
});

test('autrace privacy-policy publish --json publishes a version and refuses a date under 14 days away', async () => {
  const file = path.join(os.tmpdir(), `policy-${process.pid}.txt`);
  await writeFile(file, 'Privacy policy, new version.');
  const cliEnv = {
    ...process.env,
    DATABASE_URL: api.stack.database.url,
    TEMPORAL_ADDRESS: env.address,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
  };
  const now = Date.now();

  const early = await runCli(
    ['privacy-policy', 'publish', '--file', file, '--effective-date', new Date(now + 13 * DAY).toISOString(), '--json'],
    { env: cliEnv },
  );
  assert.notEqual(early.code, 0);
  assert.match(early.stderr + early.stdout, /14 days/);

  const ok = await runCli(
    [
      'privacy-policy',
      'publish',
      '--file',
      file,
      '--effective-date',
      new Date(now + 30 * DAY).toISOString(),
      '--version',
      'cli-1',
      '--json',
    ],
    { env: cliEnv },
  );
  assert.equal(ok.code, 0, ok.stderr);
  const printed = JSON.parse(ok.stdout) as { versionId: string; workflowId: string; version: string };
  assert.equal(printed.version, 'cli-1');
  assert.equal(printed.workflowId, workflowIds.privacyPolicyNotice(printed.versionId));
  await env.client.workflow.getHandle(printed.workflowId).terminate('test done');
});
