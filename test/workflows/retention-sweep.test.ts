import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { recordAudit } from '../../platform/audit/audit-trail';
import { submitPublicRequest } from '../../platform/data-subject-requests/requests';
import { dropExpiredLogPartitions } from '../../platform/retention/log-partitions';
import { sweepExpiredLogs } from '../../platform/retention/retention';
import type { Plan } from '../../platform/billing/plans';
import type { Region } from '../../platform/config/config';
import { searchAttributes, taskQueueFor } from '../../temporal.config';
import { retentionSweepWorkflow } from '../../workflows/retention-sweep';
import { retentionSweepStatus } from '../../workflows/retention-sweep-messages';
import { createTestStack, type TestStack } from '../support/stack';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { logRow } from '../support/lifecycle-fixtures';
import { writeWorkflowBundle } from '../support/worker-bundle';

const DAY = 86_400_000;
const SECOND = 1_000;
let stack: TestStack;
let env: TestWorkflowEnvironment;

before(async () => {
  [stack, env] = await Promise.all([createTestStack(), createTimeSkippingEnvironment()]);
});

after(async () => {
  await env?.teardown();
  await stack?.close();
});

async function account(
  plan: Plan,
  options: { retentionDays?: number; region?: 'eu' | 'us' | 'apac' } = {},
): Promise<string> {
  const id = randomUUID();
  await stack.database.db('accounts').insert({
    id,
    name: 'Retention',
    plan,
    region: options.region ?? 'us',
    retention_days: options.retentionDays ?? null,
  });
  return id;
}

/** One metadata row and its full log at each instant. */
async function insertLogs(accountId: string, instants: Date[]): Promise<void> {
  for (const createdAt of instants) {
    const id = randomUUID();
    await stack.database.db('gateway_requests').insert(logRow(accountId, id, createdAt));
    await stack.database.db('gateway_full_logs').insert({
      request_id: id,
      created_at: createdAt,
      account_id: accountId,
      nonce: Buffer.alloc(12),
      auth_tag: Buffer.alloc(16),
      ciphertext: Buffer.from('x'),
    });
  }
}

async function remaining(accountId: string): Promise<{ metadata: number[]; fullLogs: number }> {
  const rows = await stack.database
    .db('gateway_requests')
    .where({ account_id: accountId })
    .orderBy('created_at')
    .pluck<Date[]>('created_at');
  const full = await stack.database
    .db('gateway_full_logs')
    .where({ account_id: accountId })
    .count<Array<{ count: number }>>({ count: '*' });
  return { metadata: rows.map((d) => d.getTime()), fullLogs: Number(full[0]?.count) };
}

async function sweepRegion(region: Region, asOf: Date): Promise<void> {
  // Tiny batches, so every test also crosses batch boundaries.
  await sweepExpiredLogs(stack.database.db, { region, asOf, batchSize: 2 });
}

for (const [plan, days, enterpriseSetting] of [
  ['free', 7, undefined],
  ['starter', 30, undefined],
  ['growth', 90, undefined],
  ['enterprise', 45, 45],
] as const) {
  test(`${plan}: a row one second inside the ${days}-day window stays, one second outside goes`, async () => {
    const asOf = new Date();
    const id = await account(plan, {
      region: 'apac',
      ...(enterpriseSetting ? { retentionDays: enterpriseSetting } : {}),
    });
    const cutoff = asOf.getTime() - days * DAY;
    await insertLogs(id, [new Date(cutoff - SECOND), new Date(cutoff + SECOND)]);
    await sweepRegion('apac', asOf);
    const left = await remaining(id);
    assert.deepEqual(left.metadata, [cutoff + SECOND]);
    assert.equal(left.fullLogs, 1);
  });
}

test('a plan change applies from the next sweep on', async () => {
  const asOf = new Date();
  const id = await account('growth', { region: 'eu' });
  await insertLogs(id, [new Date(asOf.getTime() - 40 * DAY)]);
  await sweepRegion('eu', asOf);
  assert.equal((await remaining(id)).metadata.length, 1, 'Growth keeps 40-day-old rows');

  await stack.database.db('accounts').where({ id }).update({ plan: 'starter' });
  await sweepRegion('eu', asOf);
  assert.equal((await remaining(id)).metadata.length, 0, 'Starter does not');
});

test('after a missed week the next sweep catches up, records the counts, and a second run changes nothing', async () => {
  const now = Date.now();
  const id = await account('free', { region: 'eu' });
  await insertLogs(
    id,
    Array.from({ length: 21 }, (_, day) => new Date(now - day * DAY - 60 * SECOND)),
  );
  await sweepRegion('eu', new Date(now - 7 * DAY));
  assert.equal(
    (await remaining(id)).metadata.length,
    14,
    'the last sweep before the outage kept the 7 days before its own date',
  );

  // A week without sweeps; then one run removes everything that expired meanwhile.
  await sweepRegion('eu', new Date(now));
  const left = await remaining(id);
  assert.equal(left.metadata.length, 7);
  assert.ok(left.metadata.every((t) => t > now - 7 * DAY));

  const auditBefore = await stack.database
    .db('audit_log')
    .where({ account_id: id, action: 'retention.swept' })
    .select<Array<{ summary: { metadataRows?: number } }>>('summary');
  const metadataRemoved = auditBefore.reduce((sum, entry) => sum + (entry.summary.metadataRows ?? 0), 0);
  assert.equal(metadataRemoved, 14);
  await sweepRegion('eu', new Date(now));
  const auditAfter = await stack.database.db('audit_log').where({ account_id: id, action: 'retention.swept' });
  assert.equal(auditAfter.length, auditBefore.length, 'a second run removes nothing and records nothing');
  assert.equal((await remaining(id)).metadata.length, 7);
});

test('a daily partition in which every row has expired is dropped whole; one holding an unexpired row is kept', async () => {
  const db = stack.database.db;
  const asOf = new Date();
  const firstDay = new Date(Math.floor(asOf.getTime() / DAY) * DAY - 300 * DAY);
  await db.raw('select ensure_gateway_log_partitions(?::date, 3)', [firstDay.toISOString().slice(0, 10)]);
  const free = await account('free', { region: 'us' });
  const enterprise = await account('enterprise', { region: 'us', retentionDays: 365 });
  await insertLogs(
    free,
    [0, 1, 2].map((d) => new Date(firstDay.getTime() + d * DAY + 3_600_000)),
  );
  await insertLogs(enterprise, [new Date(firstDay.getTime() + 2 * DAY + 7_200_000)]);

  const { dropped } = await dropExpiredLogPartitions(db, asOf);
  const day = (offset: number) =>
    new Date(firstDay.getTime() + offset * DAY).toISOString().slice(0, 10).replaceAll('-', '');
  assert.deepEqual(dropped.sort(), [
    `gateway_full_logs_p${day(0)}`,
    `gateway_full_logs_p${day(1)}`,
    `gateway_requests_p${day(0)}`,
    `gateway_requests_p${day(1)}`,
  ]);
  assert.equal(
    (await remaining(free)).metadata.length,
    1,
    'the free row sharing a day with an unexpired row waits for the batched sweep',
  );
  assert.equal((await remaining(enterprise)).metadata.length, 1);
  const entries = await db('audit_log').where({ account_id: free, action: 'retention.partition_dropped' });
  assert.equal(entries.length, 4);
  assert.deepEqual((await dropExpiredLogPartitions(db, asOf)).dropped, [], 'a second run drops nothing');
});

test('the sweep workflow removes expired rows of its region and shows its kind, status and counts to operators', async () => {
  const asOf = new Date();
  const id = await account('starter', { region: 'eu' });
  await insertLogs(id, [new Date(asOf.getTime() - 31 * DAY), new Date(asOf.getTime() - 29 * DAY)]);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: taskQueueFor('eu'),
    workflowBundle: { codePath: await writeWorkflowBundle() },
    activities: createActivities(stack.deps),
  });
  const workflowId = `retention-sweep-eu-test-${randomUUID()}`;
  const status = await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(retentionSweepWorkflow, {
      taskQueue: taskQueueFor('eu'),
      workflowId,
      args: [{ region: 'eu', asOf: asOf.toISOString() }],
    });
    const result = await handle.result();
    const description = await handle.describe();
    assert.equal(description.typedSearchAttributes.get(searchAttributes.workflowKind), 'retention-sweep');
    assert.equal(description.typedSearchAttributes.get(searchAttributes.status), 'completed');
    assert.match((description.memo as { summary: string }).summary, /Retention sweep of eu/);
    const queried = await handle.query(retentionSweepStatus);
    assert.equal(queried.state, 'completed');
    return result;
  });
  assert.equal(status.state, 'completed');
  assert.ok(status.totals.metadataRows >= 1);
  assert.equal((await remaining(id)).metadata.length, 1);
});

test('the sweep deletes public requests whose verification link expired unused, leaving no trace; a live link stays', async () => {
  const asOf = new Date();
  const stale = await submitUnverified('stale@example.test', new Date(asOf.getTime() - 4 * DAY));
  const live = await submitUnverified('live@example.test', new Date(asOf.getTime() - DAY));
  await runSweepsTwice(asOf);
  assert.equal(await stack.database.db('data_subject_requests').where({ id: stale.request.id }).first(), undefined);
  const { rows } = await stack.database.db.raw<{ rows: Array<{ n: number }> }>(
    `select count(*)::int as n from audit_log where target_id = ? or summary::text like ?`,
    [stale.request.id, `%${stale.request.id}%`],
  );
  assert.equal(rows[0]?.n, 0, 'never on the audit trail');
  assert.equal(await requestStatus(live.request.id), 'awaiting-verification');
  assert.equal(
    (await stack.database.db('data_subject_requests').where({ id: live.request.id }).first())?.subject_email,
    'live@example.test',
  );
});

test('a request already on the audit trail when its link expired is closed once on the trail, without its address', async () => {
  const asOf = new Date();
  const stale = await submitUnverified('legacy@example.test', new Date(asOf.getTime() - 4 * DAY));
  // Submitted while the trail still started at submission.
  await stack.database.db.transaction((trx) =>
    recordAudit(trx, {
      actorType: 'subject',
      action: 'dsr.submitted',
      targetType: 'data_subject_request',
      targetId: stale.request.id,
      summary: { type: 'access', jurisdiction: 'gdpr', channel: 'public' },
    }),
  );
  await runSweepsTwice(asOf);
  const row = await stack.database.db('data_subject_requests').where({ id: stale.request.id }).first();
  assert.equal(row?.status, 'expired');
  assert.equal(row?.subject_email, null);
  assert.deepEqual(row?.details, {});
  const closings = await stack.database.db('audit_log').where({ action: 'dsr.expired', target_id: stale.request.id });
  assert.equal(closings.length, 1, 'closed once, by the first sweep');
});

test('the sweep tells the owners once about a key unused for the stale period; a used key, a member and a second sweep get nothing', async () => {
  const asOf = new Date();
  const db = stack.database.db;
  const accountId = await account('growth', { region: 'us' });
  const label = accountId.slice(0, 8);
  const [owner, member] = [`owner-${label}@example.test`, `member-${label}@example.test`];
  await db('users').insert([
    { account_id: accountId, email: owner, name: 'Owner', password_hash: 'x', role: 'owner' },
    { account_id: accountId, email: member, name: 'Member', password_hash: 'x', role: 'member' },
  ]);
  const key = (name: string, createdAt: Date, lastUsedAt: Date | null) => ({
    account_id: accountId,
    name,
    prefix: `st${randomUUID().slice(0, 10)}`,
    secret_hash: '0'.repeat(64),
    created_at: createdAt,
    last_used_at: lastUsedAt,
  });
  await db('api_keys').insert([
    key('idle-key', new Date(asOf.getTime() - 200 * DAY), new Date(asOf.getTime() - 91 * DAY)),
    key('busy-key', new Date(asOf.getTime() - 200 * DAY), new Date(asOf.getTime() - DAY)),
  ]);
  await runSweepsTwice(asOf);
  const notices = stack.smtp.messages.filter((m) => m.subject.includes(`has not been used for 90 days`));
  const toOwner = notices.filter((m) => m.to.includes(owner));
  assert.equal(toOwner.length, 1, 'one notice, although two sweeps ran');
  assert.match(toOwner[0]?.subject ?? '', /“idle-key”/);
  assert.ok(!notices.some((m) => m.to.includes(member)), 'members are not told');
  assert.ok(!notices.some((m) => m.subject.includes('busy-key')));
});

test('the sweep deletes reports about children whose link expired unused; a live one stays', async () => {
  const db = stack.database.db;
  const asOf = new Date();
  const [stale, live] = await db('child_reports')
    .insert([
      {
        reporter_email: 'r1@example.test',
        subject_email: 'k1@example.test',
        verification_expires_at: new Date(asOf.getTime() - DAY),
      },
      {
        reporter_email: 'r2@example.test',
        subject_email: 'k2@example.test',
        verification_expires_at: new Date(asOf.getTime() + DAY),
      },
    ])
    .returning('id');
  await runSweepsTwice(asOf);
  assert.equal(await db('child_reports').where({ id: stale?.id }).first(), undefined);
  assert.ok(await db('child_reports').where({ id: live?.id }).first());
});

function submitUnverified(email: string, now: Date) {
  return submitPublicRequest(stack.database.db, {
    email,
    type: 'access',
    jurisdiction: 'gdpr',
    verificationTtlHours: 72,
    now,
  });
}

async function requestStatus(id: string): Promise<string | undefined> {
  return (await stack.database.db('data_subject_requests').select('status').where({ id }).first())?.status;
}

let bundle: Promise<string> | null = null;

/** Two sweeps of the US region at `asOf`, through the workflow on a real worker. */
async function runSweepsTwice(asOf: Date): Promise<void> {
  bundle ??= writeWorkflowBundle();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: taskQueueFor('us'),
    workflowBundle: { codePath: await bundle },
    activities: createActivities(stack.deps),
  });
  const sweep = () =>
    env.client.workflow.execute(retentionSweepWorkflow, {
      taskQueue: taskQueueFor('us'),
      workflowId: `retention-sweep-us-test-${randomUUID()}`,
      args: [{ region: 'us', asOf: asOf.toISOString() }],
    });
  await worker.runUntil(async () => {
    await sweep();
    await sweep();
  });
}
