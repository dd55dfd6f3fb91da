import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { searchAttributes } from '../../../temporal.config';
import { createSmokeActivities } from '../../fixtures/smoke-activities';
import { smokeWorkflow } from '../../fixtures/smoke-workflow';
import { createTestStack, type TestStack } from '../../support/stack';
import { createTimeSkippingEnvironment } from '../../support/temporal';

let stack: TestStack;
let env: TestWorkflowEnvironment;

before(async () => {
  [stack, env] = await Promise.all([createTestStack(), createTimeSkippingEnvironment()]);
});

after(async () => {
  await env?.teardown();
  await stack?.close();
});

test('a workflow sleeps 90 days under time skipping and its activities reach Postgres, SMTP and S3', async () => {
  const accountId = randomUUID();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'smoke',
    workflowsPath: path.resolve(import.meta.dirname, '../../fixtures/smoke-workflow.ts'),
    activities: createSmokeActivities(stack.deps),
  });

  const result = await worker.runUntil(
    env.client.workflow.execute(smokeWorkflow, {
      taskQueue: 'smoke',
      workflowId: `smoke-${accountId}`,
      args: [{ accountId, email: 'owner@example.test' }],
      typedSearchAttributes: [{ key: searchAttributes.workflowKind, value: 'smoke' }],
    }),
  );

  const elapsedDays = (Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 86_400_000;
  assert.ok(elapsedDays >= 90, `workflow time advanced ${elapsedDays} days`);

  const entry: unknown = await stack.database
    .db('audit_log')
    .where({ action: 'smoke.completed', account_id: accountId })
    .first();
  assert.ok(entry, 'audit entry written by the activity');

  const [mail] = await stack.smtp.waitForMessages(1);
  assert.deepEqual(mail?.to, ['owner@example.test']);
  assert.equal(mail?.subject, 'Smoke test');

  const object = await stack.deps.storage
    .clientFor('eu')
    .send(new GetObjectCommand({ Bucket: stack.deps.storage.bucketFor('eu'), Key: `smoke/${accountId}.txt` }));
  assert.equal(await object.Body?.transformToString(), 'done');
});
