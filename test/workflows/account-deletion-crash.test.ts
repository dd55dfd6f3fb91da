import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { requestAccountDeletion } from '../../platform/temporal/account-deletion-client';
import { createTestStack, type TestStack } from '../support/stack';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { createAccountFixture } from '../support/lifecycle-fixtures';
import { startStripeFake, type StripeFake } from '../support/stripe-fake';
import { writeWorkflowBundle } from '../support/worker-bundle';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process-control';
import type { accountDeletionWorkflow } from '../../workflows/account-deletion';

let stack: TestStack;
let env: TestWorkflowEnvironment;
let stripe: StripeFake;
let workerEnv: Record<string, string>;
const workers: WorkerProcess[] = [];

before(async () => {
  stripe = await startStripeFake();
  const suffix = randomBytes(4).toString('hex');
  const shared = {
    STRIPE_API_BASE: stripe.url,
    S3_BUCKET_EU: `autrace-eu-${suffix}`,
    S3_BUCKET_US: `autrace-us-${suffix}`,
    S3_BUCKET_APAC: `autrace-apac-${suffix}`,
  };
  [stack, env] = await Promise.all([createTestStack({ env: shared }), createTimeSkippingEnvironment()]);
  workerEnv = {
    ...shared,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: stack.database.url,
    SMTP_URL: stack.smtp.url,
    S3_ENDPOINT: process.env.TEST_S3_ENDPOINT ?? 'http://127.0.0.1:5000',
    S3_ACCESS_KEY_ID: 'test',
    S3_SECRET_ACCESS_KEY: 'test',
    S3_OBJECT_LOCK_MODE: 'GOVERNANCE',
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: env.namespace ?? 'default',
    TEMPORAL_WORKFLOW_BUNDLE: await writeWorkflowBundle(),
  };
});

after(async () => {
  for (const worker of workers) await worker.kill();
  await env?.teardown();
  await stack?.close();
  await stripe?.close();
});

test('a worker killed in the middle of the purge is replaced and the deletion finishes without duplicate e-mails', async () => {
  const account = await createAccountFixture(stack.database.db, stack.config, { plan: 'starter', logRows: 20 });
  stripe.customers.add(account.stripeCustomerId);
  const stripeCallArrived = stripe.hangNextDelete();

  const first = await startWorkerProcess(workerEnv);
  workers.push(first);
  const { workflowId } = await requestAccountDeletion(env.client, {
    accountId: account.accountId,
    requestedByUserId: account.ownerId,
    region: 'eu',
  });
  const result = env.client.workflow.getHandle<typeof accountDeletionWorkflow>(workflowId).result();

  // The purge is under way: logs and objects are done, the Stripe call hangs. Kill the worker there.
  await stripeCallArrived;
  await first.kill();
  const logsLeft = await stack.database
    .db('gateway_requests')
    .where({ account_id: account.accountId })
    .count<Array<{ count: number }>>({ count: '*' });
  assert.equal(Number(logsLeft[0]?.count), 0, 'the purge had begun before the crash');

  workers.push(await startWorkerProcess(workerEnv));
  const status = await result;

  assert.equal(status.state, 'purged');
  assert.ok(
    stripe.requests.filter((r) => r.method === 'DELETE' && r.path === `/v1/customers/${account.stripeCustomerId}`)
      .length >= 2,
    'the Stripe step ran again',
  );
  assert.ok(!stripe.customers.has(account.stripeCustomerId));
  assert.equal(await stack.database.db('accounts').where({ id: account.accountId }).first(), undefined);
  const subjects = stack.smtp.messages.filter((m) => m.to.includes(account.ownerEmail)).map((m) => m.subject);
  assert.deepEqual(subjects, [
    'Your Autrace account is scheduled for deletion',
    'Your Autrace account will be deleted in 7 days',
    'Your Autrace account has been deleted',
  ]);
  const deletedEntries = await stack.database
    .db('audit_log')
    .where({ account_id: account.accountId, action: 'account.deleted' });
  assert.equal(deletedEntries.length, 1);
});
