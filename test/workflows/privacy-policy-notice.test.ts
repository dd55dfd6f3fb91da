import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { createMailer, type Mailer } from '../../platform/mail/mailer';
import { DomainError } from '../../platform/errors/domain-error';
import { publishPrivacyPolicyVersion } from '../../platform/privacy-policy/privacy-policy';
import { cancelPrivacyPolicyNotices, startPrivacyPolicyNotices } from '../../platform/temporal/privacy-policy-client';
import { searchAttributes, taskQueueFor } from '../../temporal.config';
import { createTestStack, type TestStack } from '../support/stack';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { writeWorkflowBundle } from '../support/worker-bundle';
import { startWorkerProcess } from '../support/worker-process-control';
import type { privacyPolicyNoticeWorkflow } from '../../workflows/privacy-policy-notice';

const DAY = 86_400_000;
let stack: TestStack;
let env: TestWorkflowEnvironment;
let bundlePath: string;
let mailer: Mailer;
let deps: ActivityDeps;
let operatorId: string;

before(async () => {
  [stack, env] = await Promise.all([createTestStack(), createTimeSkippingEnvironment()]);
  bundlePath = await writeWorkflowBundle();
  // Pooled SMTP connections, as production configures with SMTP_URL=…?pool=true.
  mailer = createMailer({ ...stack.config.mail, smtpUrl: `${stack.smtp.url}?pool=true&maxConnections=8` });
  deps = { ...stack.deps, mailer };
  const [operator] = await stack.database
    .db('users')
    .insert({
      account_id: null,
      email: 'operator@autrace.test',
      name: 'Operator',
      password_hash: 'x',
      role: 'operator',
    })
    .returning('id');
  operatorId = operator?.id ?? '';
});

after(async () => {
  mailer?.close();
  await env?.teardown();
  await stack?.close();
});

async function addUsers(count: number): Promise<void> {
  const accountId = randomUUID();
  await stack.database.db('accounts').insert({ id: accountId, name: 'Notices', plan: 'free' });
  await stack.database.db.raw(
    `insert into users (account_id, email, name, password_hash, role)
     select ?, 'user-' || ? || '-' || g || '@example.test', 'User', 'x', case when g = 1 then 'owner' else 'member' end
       from generate_series(1, ?) g`,
    [accountId, accountId.slice(0, 8), count],
  );
}

function worker(): Promise<Worker> {
  // No workflow cache: the time-skipping server never hands a stopped worker's sticky queue to the next one.
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue: taskQueueFor('eu'),
    workflowBundle: { codePath: bundlePath },
    activities: createActivities(deps),
    maxCachedWorkflows: 0,
  });
}

/** Dates relative to the test server's clock, which time skipping moves ahead of the wall clock. */
async function publish(daysAhead: number) {
  const now = await env.currentTimeMs();
  return publishPrivacyPolicyVersion(stack.database.db, {
    version: `2026-${randomUUID().slice(0, 8)}`,
    summary: 'We now name our sub-processors in an annex.',
    body: 'Full text.',
    effectiveAt: new Date(now + daysAhead * DAY),
    publishedBy: operatorId,
    now: new Date(now),
  });
}

test('an effective date 13 days after the notices is refused, by the publisher and by the workflow, and nobody is mailed', async () => {
  await addUsers(3);
  await assert.rejects(
    publish(13),
    (error: unknown) => error instanceof DomainError && error.code === 'PolicyEffectiveDateTooEarly',
  );

  const version = await publish(15);
  // The notices start two days late: the date is now 13 days after them.
  await stack.database
    .db('privacy_policy_versions')
    .where({ id: version.id })
    .update({ effective_at: new Date((await env.currentTimeMs()) + 13 * DAY) });
  const before = stack.smtp.messages.length;
  await (
    await worker()
  ).runUntil(async () => {
    const { workflowId } = await startPrivacyPolicyNotices(env.client, {
      versionId: version.id,
      region: 'eu',
      regions: [['eu']],
    });
    await assert.rejects(env.client.workflow.getHandle(workflowId).result(), (error: unknown) => {
      assert.ok(error instanceof WorkflowFailedError);
      const failure = error.cause?.cause;
      assert.ok(failure instanceof ApplicationFailure);
      assert.equal(failure.type, 'PolicyEffectiveDateTooEarly');
      assert.equal(failure.nonRetryable, true);
      return true;
    });
  });
  assert.equal(stack.smtp.messages.length, before);
});

test('a version can be cancelled after its notices and before it takes effect', async () => {
  const version = await publish(20);
  const status = await (
    await worker()
  ).runUntil(async () => {
    const { workflowId } = await startPrivacyPolicyNotices(env.client, {
      versionId: version.id,
      region: 'eu',
      regions: [['eu']],
    });
    const handle = env.client.workflow.getHandle<typeof privacyPolicyNoticeWorkflow>(workflowId);
    await env.sleep('10 days');
    const description = await handle.describe();
    assert.equal(description.typedSearchAttributes.get(searchAttributes.workflowKind), 'privacy-policy-notice');
    assert.equal(description.typedSearchAttributes.get(searchAttributes.status), 'scheduled');
    assert.equal(
      description.typedSearchAttributes.get(searchAttributes.dueAt)?.toISOString(),
      version.effectiveAt.toISOString(),
    );
    await cancelPrivacyPolicyNotices(env.client, version.id);
    return handle.result();
  });
  assert.equal(status.state, 'cancelled');
  const row = await stack.database
    .db('privacy_policy_versions')
    .where({ id: version.id })
    .first('status', 'took_effect_at');
  assert.deepEqual(row, { status: 'cancelled', took_effect_at: null });
});

test('10,000 users get one notice each, in batches across continue-as-new and a worker restart, then the version takes effect', async () => {
  await addUsers(10_000 - 3);
  const version = await publish(15);
  const mailboxBefore = stack.smtp.messages.length;
  // The worker runs in its own process (as in production), so mail parsing here and sending there use both cores.
  const workerEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: stack.database.url,
    SMTP_URL: `${stack.smtp.url}?pool=true&maxConnections=16`,
    DATABASE_POOL_MAX: '24',
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: env.namespace ?? 'default',
    TEMPORAL_WORKFLOW_BUNDLE: bundlePath,
  };
  const first = await startWorkerProcess(workerEnv);
  const { workflowId } = await startPrivacyPolicyNotices(env.client, {
    versionId: version.id,
    region: 'eu',
    regions: [['eu']],
    batchSize: 500,
  });
  const result = env.client.workflow.getHandle<typeof privacyPolicyNoticeWorkflow>(workflowId).result();
  // Restart the worker (SIGTERM, as a deploy does) in the middle of the notices.
  await stack.smtp.waitForMessages(mailboxBefore + 1_000, 120_000);
  await first.stop();
  const second = await startWorkerProcess(workerEnv);
  const status = await result;
  await second.stop();

  assert.equal(status.state, 'current');
  assert.equal(status.noticesSent, 10_000);
  const notices = stack.smtp.messages.slice(mailboxBefore);
  assert.equal(notices.length, 10_000);
  assert.equal(new Set(notices.map((m) => m.to.join(','))).size, 10_000, 'each user exactly once');
  assert.ok(notices.every((m) => m.subject === 'Changes to the Autrace privacy policy'));

  const recorded = await stack.database
    .db('privacy_policy_notices')
    .where({ version_id: version.id })
    .whereNotNull('message_id')
    .count<Array<{ count: number }>>({ count: '*' });
  assert.equal(Number(recorded[0]?.count), 10_000, 'who was notified and when is on record');
  const row = await stack.database
    .db('privacy_policy_versions')
    .where({ id: version.id })
    .first('status', 'took_effect_at');
  assert.equal(row?.status, 'current');
  assert.ok(row?.took_effect_at);

  const runs = await env.client.workflow.getHandle(workflowId).describe();
  assert.equal(runs.typedSearchAttributes.get(searchAttributes.status), 'current');
  assert.notEqual(runs.runId, runs.raw.workflowExecutionInfo?.firstRunId, 'the notices continued as new');
});
