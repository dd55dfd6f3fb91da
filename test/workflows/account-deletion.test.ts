import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import {
  accountDeletionStatus,
  cancelAccountDeletion,
  requestAccountDeletion,
} from '../../platform/temporal/account-deletion-client';
import { createAutraceWorker } from '../../activities/worker/worker';
import { searchAttributes, taskQueueFor, workflowIds } from '../../temporal.config';
import { createTestStack, type TestStack } from '../support/stack';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { createAccountFixture, type AccountFixture } from '../support/lifecycle-fixtures';
import { startStripeFake, type StripeFake } from '../support/stripe-fake';
import { writeWorkflowBundle } from '../support/worker-bundle';
import type { accountDeletionWorkflow } from '../../workflows/account-deletion';

let stack: TestStack;
let env: TestWorkflowEnvironment;
let stripe: StripeFake;
let bundlePath: string;

before(async () => {
  stripe = await startStripeFake();
  [stack, env] = await Promise.all([
    createTestStack({ env: { STRIPE_API_BASE: stripe.url } }),
    createTimeSkippingEnvironment(),
  ]);
  bundlePath = await writeWorkflowBundle();
});

/** A fresh worker per test (a worker runs once), on the bundle built in `before`. */
async function withWorker<T>(run: () => Promise<T>): Promise<T> {
  const worker: Worker = await createAutraceWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: taskQueueFor('eu'),
    deps: stack.deps,
    workflowBundlePath: bundlePath,
  });
  return worker.runUntil(run);
}

after(async () => {
  await env?.teardown();
  await stack?.close();
  await stripe?.close();
});

async function newAccount(logRows = 5): Promise<AccountFixture> {
  const account = await createAccountFixture(stack.database.db, stack.config, { plan: 'growth', logRows });
  stripe.customers.add(account.stripeCustomerId);
  return account;
}

function mailsTo(address: string): string[] {
  return stack.smtp.messages.filter((m) => m.to.includes(address)).map((m) => m.subject);
}

async function objectVersions(prefix: string): Promise<string[]> {
  const listed = await stack.deps.storage
    .clientFor('eu')
    .send(new ListObjectVersionsCommand({ Bucket: stack.deps.storage.bucketFor('eu'), Prefix: prefix }));
  return [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map((v) => v.Key ?? '');
}

async function putObject(key: string, locked: boolean): Promise<void> {
  await stack.deps.storage.clientFor('eu').send(
    new PutObjectCommand({
      Bucket: stack.deps.storage.bucketFor('eu'),
      Key: key,
      Body: 'ciphertext',
      ChecksumAlgorithm: 'SHA256',
      ...(locked
        ? { ObjectLockMode: 'GOVERNANCE' as const, ObjectLockRetainUntilDate: new Date(Date.now() + 365 * 86_400_000) }
        : {}),
    }),
  );
}

test('a deletion waits 90 days, then purges rows, logs, objects, the Stripe customer, and mails three times', async () => {
  const account = await newAccount();
  const other = await newAccount();
  await putObject(`accounts/${account.accountId}/export.json`, false);
  await putObject(`accounts/${account.accountId}/archive.bin`, true);
  await putObject(`accounts/${other.accountId}/export.json`, false);
  await stack.database.db('provider_connections').insert({
    account_id: account.accountId,
    name: 'own-openai',
    kind: 'openai',
    base_url: 'https://api.openai.com/v1',
    models: ['*'],
  });

  const status = await withWorker(async () => {
    const started = await requestAccountDeletion(env.client, {
      accountId: account.accountId,
      requestedByUserId: account.ownerId,
      region: 'eu',
    });
    assert.equal(started.started, true);
    return env.client.workflow.getHandle<typeof accountDeletionWorkflow>(started.workflowId).result();
  });

  assert.equal(status.state, 'purged');
  assert.equal(Date.parse(status.purgeAt) - Date.parse(status.requestedAt), 90 * 86_400_000);
  assert.deepEqual(status.completedPurgeSteps, [
    'full-logs',
    'metadata-logs',
    'storage-objects',
    'encryption-keys',
    'stripe-customer',
    'account-data',
    'completion-mail',
    'account-record',
  ]);

  const db = stack.database.db;
  for (const table of [
    'accounts',
    'users',
    'api_keys',
    'provider_connections',
    'policies',
    'policy_versions',
    'subscriptions',
    'gateway_requests',
    'gateway_full_logs',
  ]) {
    const column = table === 'accounts' ? 'id' : 'account_id';
    const rows = await db(table).where(column, account.accountId).count<Array<{ count: number }>>({ count: '*' });
    assert.equal(Number(rows[0]?.count), 0, `${table} holds no row of the account`);
  }
  assert.equal(
    Number(
      (await db('sessions').where({ user_id: account.ownerId }).count<Array<{ count: number }>>({ count: '*' }))[0]
        ?.count,
    ),
    0,
  );
  assert.equal(
    Number(
      (
        await db('gateway_requests')
          .where({ account_id: other.accountId })
          .count<Array<{ count: number }>>({ count: '*' })
      )[0]?.count,
    ),
    5,
  );

  const deleted = await db('audit_log').where({ account_id: account.accountId, action: 'account.deleted' });
  assert.equal(deleted.length, 1);
  const entryText = JSON.stringify(deleted[0]);
  assert.ok(
    !entryText.includes(account.ownerEmail) && !entryText.includes('Owner'),
    'no personal data in the audit entry',
  );
  assert.equal(
    (await db.raw<{ rows: Array<{ broken_id: number | null }> }>('select broken_id from audit_verify_chain()')).rows[0]
      ?.broken_id,
    null,
  );

  // The locked archive stays until its retention ends, but its data key is gone with the account.
  assert.deepEqual(await objectVersions(`accounts/${account.accountId}/`), [
    `accounts/${account.accountId}/archive.bin`,
  ]);
  assert.deepEqual(await objectVersions(`accounts/${other.accountId}/`), [`accounts/${other.accountId}/export.json`]);

  assert.ok(!stripe.customers.has(account.stripeCustomerId));
  assert.ok(stripe.customers.has(other.stripeCustomerId));

  assert.deepEqual(mailsTo(account.ownerEmail), [
    'Your Autrace account is scheduled for deletion',
    'Your Autrace account will be deleted in 7 days',
    'Your Autrace account has been deleted',
  ]);
});

test('a deletion cancelled on day 45 leaves the account active with its keys, data and no reminder', async () => {
  const account = await newAccount();
  const db = stack.database.db;
  const status = await withWorker(async () => {
    await requestAccountDeletion(env.client, {
      accountId: account.accountId,
      requestedByUserId: account.ownerId,
      region: 'eu',
    });
    await env.sleep('45 days');
    const during = await accountDeletionStatus(env.client, account.accountId);
    assert.equal(during?.state, 'grace-period');
    const disabled = await db('accounts').where({ id: account.accountId }).first<{ status: string }>('status');
    assert.equal(disabled.status, 'disabled');
    const revoked = await db('api_keys')
      .where({ id: account.apiKeyId })
      .first<{ revoked_at: Date | null }>('revoked_at');
    assert.ok(revoked.revoked_at, 'the key is revoked during the grace period');

    await cancelAccountDeletion(env.client, account.accountId, { cancelledByUserId: account.ownerId });
    return env.client.workflow
      .getHandle<typeof accountDeletionWorkflow>(workflowIds.accountDeletion(account.accountId))
      .result();
  });

  assert.equal(status.state, 'cancelled');
  const restored = await db('accounts')
    .where({ id: account.accountId })
    .first<{ status: string; deletion_requested_at: Date | null; data_key_wrapped: Buffer | null }>(
      'status',
      'deletion_requested_at',
      'data_key_wrapped',
    );
  assert.equal(restored.status, 'active');
  assert.equal(restored.deletion_requested_at, null);
  assert.ok(restored.data_key_wrapped);
  const key = await db('api_keys').where({ id: account.apiKeyId }).first<{ revoked_at: Date | null }>('revoked_at');
  assert.equal(key.revoked_at, null);
  assert.equal(
    Number(
      (
        await db('gateway_requests')
          .where({ account_id: account.accountId })
          .count<Array<{ count: number }>>({ count: '*' })
      )[0]?.count,
    ),
    5,
  );
  assert.ok(stripe.customers.has(account.stripeCustomerId));
  assert.deepEqual(mailsTo(account.ownerEmail), [
    'Your Autrace account is scheduled for deletion',
    'Your Autrace account deletion was cancelled',
  ]);
  const actions = await db('audit_log')
    .where({ account_id: account.accountId })
    .orderBy('id')
    .pluck<string[]>('action');
  assert.deepEqual(actions, ['account.deletion_scheduled', 'account.deletion_cancelled']);
});

test('a second deletion request finds the running workflow and starts nothing new', async () => {
  const account = await newAccount(0);
  await withWorker(async () => {
    const first = await requestAccountDeletion(env.client, {
      accountId: account.accountId,
      requestedByUserId: account.ownerId,
      region: 'eu',
    });
    const handle = env.client.workflow.getHandle(first.workflowId);
    const { runId } = await handle.describe();
    const second = await requestAccountDeletion(env.client, {
      accountId: account.accountId,
      requestedByUserId: account.ownerId,
      region: 'eu',
    });
    assert.deepEqual(second, { workflowId: first.workflowId, started: false });
    assert.equal((await handle.describe()).runId, runId);

    await env.sleep('1 day');
    const description = await handle.describe();
    assert.equal(description.typedSearchAttributes.get(searchAttributes.workflowKind), 'account-deletion');
    assert.equal(description.typedSearchAttributes.get(searchAttributes.accountId), account.accountId);
    assert.equal(description.typedSearchAttributes.get(searchAttributes.status), 'grace-period');
    assert.ok(description.typedSearchAttributes.get(searchAttributes.dueAt) instanceof Date);
    const memo = description.memo as { summary?: string } | undefined;
    assert.match(memo?.summary ?? '', /purged on \d{4}-\d{2}-\d{2}/);
    assert.ok(!JSON.stringify(memo).includes(account.ownerEmail));

    await cancelAccountDeletion(env.client, account.accountId, { cancelledByUserId: account.ownerId });
    await handle.result();
  });
  const scheduled = await stack.database
    .db('audit_log')
    .where({ account_id: account.accountId, action: 'account.deletion_scheduled' });
  assert.equal(scheduled.length, 1);
  assert.deepEqual(mailsTo(account.ownerEmail).slice(0, 1), ['Your Autrace account is scheduled for deletion']);
});
