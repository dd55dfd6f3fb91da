import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { pino } from 'pino';
import { scheduleIds, taskQueueFor, workflowIds } from '../../temporal.config';
import { scheduledExportWorkflow } from '../../workflows/scheduled-export';
import {
  createExportSchedule,
  deleteExportSchedule,
  exportScheduleInputSchema,
  setExportSchedulePaused,
} from '../../platform/exports/export-schedules';
import { issueExportDownloadLink } from '../../platform/exports/export-download-links';
import { ensureAuditArchiveSchedules } from '../../platform/temporal/audit-archive-schedules';
import { createTemporalClient, registerSearchAttributes } from '../../platform/temporal/connection';
import { freePort, startTemporalDevServer, tempDir } from '../../scripts/local-services';
import { createTestStack, type TestStack } from '../support/stack';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { mailsTo, startPrivacyWorker, waitForMail } from '../support/dsr-harness';
import { seedAccount } from '../support/seed-accounts';
import { csvRecordCount, readZip } from '../support/zip-reader';

let stack: TestStack;
let env: TestWorkflowEnvironment;
let worker: { stop(): Promise<void> };

before(async () => {
  [stack, env] = await Promise.all([createTestStack(), createTimeSkippingEnvironment()]);
  worker = await startPrivacyWorker(env, stack);
});

after(async () => {
  await worker?.stop();
  await env?.teardown();
  await stack?.close();
});

test('each scheduled run exports the chosen categories since the last run and tells the owner where to fetch it', async () => {
  const db = stack.database.db;
  const account = await seedAccount(db, stack.config.keys.master, { requests: 30, fullLogs: 6 });
  const [schedule] = await db('export_schedules')
    .insert({
      account_id: account.accountId,
      cron: '0 3 * * *',
      categories: ['gateway_requests', 'audit_log'],
      created_by: account.ownerId,
    })
    .returning('*');
  const scheduleId = schedule?.id ?? '';
  const run = () =>
    env.client.workflow.execute(scheduledExportWorkflow, {
      taskQueue: taskQueueFor('eu'),
      workflowId: `${workflowIds.scheduledExport(scheduleId)}-${Date.now()}`,
      args: [{ scheduleId }],
    });

  const first = await run();
  assert.ok(first.exportId);
  const mail = await waitForMail(
    stack,
    (m) => m.to.includes(account.ownerEmail) && m.subject === 'Your scheduled Autrace export is ready',
  );
  assert.ok(!/X-Amz-Signature/.test(mail.text), 'the e-mail carries no download link to the archive');
  assert.ok(mail.text.includes(`/v1/exports/${first.exportId}/download-link`));
  const link = await issueExportDownloadLink(stack.deps, {
    exportId: first.exportId,
    reader: { accountId: account.accountId, userId: account.ownerId, role: 'owner' },
  });
  const zip = await readZip(Buffer.from(await (await fetch(link.url)).arrayBuffer()));
  assert.deepEqual([...zip.keys()].sort(), [
    'audit_log.csv',
    'audit_log.json',
    'gateway_requests.csv',
    'gateway_requests.json',
    'manifest.json',
  ]);
  assert.equal(csvRecordCount(zip.get('gateway_requests.csv') ?? ''), 30);

  const second = await run();
  const record = await db('exports')
    .where({ id: second.exportId ?? '' })
    .first();
  const previous = await db('exports').where({ id: first.exportId }).first();
  assert.ok(record && previous?.range_to);
  assert.equal(
    record.range_from?.toISOString(),
    previous.range_to.toISOString(),
    'the next run starts where the last ended',
  );
  assert.equal(record.row_counts.gateway_requests, 0, 'nothing new since the last run');

  await db('export_schedules').where({ id: scheduleId }).update({ paused: true });
  assert.deepEqual(await run(), { exportId: null }, 'a paused schedule exports nothing');
});

async function scheduleFor(accountId: string, createdBy: string): Promise<string> {
  const [schedule] = await stack.database
    .db('export_schedules')
    .insert({ account_id: accountId, cron: '0 3 * * *', categories: ['audit_log'], created_by: createdBy })
    .returning('id');
  return schedule?.id ?? '';
}

function runSchedule(scheduleId: string) {
  return env.client.workflow.execute(scheduledExportWorkflow, {
    taskQueue: taskQueueFor('eu'),
    workflowId: `${workflowIds.scheduledExport(scheduleId)}-${Date.now()}`,
    args: [{ scheduleId }],
  });
}

const READY = /^Your scheduled Autrace export is ready$/;

test('a run whose schedule went with its account or its sole user exports nothing and does not fail', async () => {
  const db = stack.database.db;
  const account = await seedAccount(db, stack.config.keys.master, { requests: 3, fullLogs: 0 });
  const [schedule] = await db('export_schedules')
    .insert({
      account_id: account.accountId,
      cron: '0 3 * * *',
      categories: ['gateway_requests'],
      created_by: account.ownerId,
    })
    .returning('*');
  const scheduleId = schedule?.id ?? '';
  await db('export_schedules').where({ id: scheduleId }).delete();
  const result = await env.client.workflow.execute(scheduledExportWorkflow, {
    taskQueue: taskQueueFor('eu'),
    workflowId: `${workflowIds.scheduledExport(scheduleId)}-gone`,
    args: [{ scheduleId }],
  });
  assert.deepEqual(result, { exportId: null });
  assert.equal(await db('exports').where({ account_id: account.accountId }).first(), undefined);
});

test('a run while its account is being moved to another region exports nothing and does not fail', async () => {
  const db = stack.database.db;
  const account = await seedAccount(db, stack.config.keys.master, { requests: 2, fullLogs: 0 });
  const scheduleId = await scheduleFor(account.accountId, account.ownerId);
  await db('accounts').where({ id: account.accountId }).update({ status: 'disabled', moving_to: 'us' });
  assert.deepEqual(await runSchedule(scheduleId), { exportId: null });
  assert.equal(await db('exports').where({ account_id: account.accountId }).first(), undefined);
});

test('an owner cannot create, pause or delete a schedule of an account being moved: nothing changes', async () => {
  const db = stack.database.db;
  const account = await seedAccount(db, stack.config.keys.master, { requests: 0, fullLogs: 0 });
  const scheduleId = await scheduleFor(account.accountId, account.ownerId);
  await db('accounts').where({ id: account.accountId }).update({ status: 'disabled', moving_to: 'us' });
  const actor = { accountId: account.accountId, userId: account.ownerId };
  const moving = { name: 'DomainError', code: 'AccountMoving' };
  await assert.rejects(
    createExportSchedule(db, env.client, actor, exportScheduleInputSchema.parse({ cron: '0 3 * * 1' })),
    moving,
  );
  await assert.rejects(setExportSchedulePaused(db, env.client, actor, scheduleId, true), moving);
  await assert.rejects(deleteExportSchedule(db, env.client, actor, scheduleId), moving);
  const rows = await db('export_schedules').where({ account_id: account.accountId }).select('id', 'paused');
  assert.deepEqual(rows, [{ id: scheduleId, paused: false }]);
  assert.equal(
    await db('audit_log').where({ account_id: account.accountId }).whereLike('action', 'export_schedule.%').first(),
    undefined,
  );
});

test('a run unfinished in another region before a move is not resumed: the new run exports in the account’s region', async () => {
  const db = stack.database.db;
  const account = await seedAccount(db, stack.config.keys.master, { requests: 2, fullLogs: 0 });
  const scheduleId = await scheduleFor(account.accountId, account.ownerId);
  const [stale] = await db('exports')
    .insert({
      account_id: account.accountId,
      kind: 'scheduled',
      region: 'eu',
      schedule_id: scheduleId,
      status: 'running',
    })
    .returning('id');
  // Moved to the US (here the regions share one database): its next run belongs in the US bucket.
  await db('accounts').where({ id: account.accountId }).update({ region: 'us' });
  const { exportId } = await runSchedule(scheduleId);
  assert.ok(exportId && exportId !== stale?.id, 'a new export');
  const record = await db('exports').where({ id: exportId }).first();
  assert.deepEqual([record?.region, record?.status], ['us', 'completed']);
  assert.equal(
    (
      await db('exports')
        .where({ id: stale?.id ?? '' })
        .first()
    )?.status,
    'running',
  );
});

test("a schedule's creator demoted from owner no longer gets its e-mails; the current owners do", async () => {
  const db = stack.database.db;
  const account = await seedAccount(db, stack.config.keys.master, { requests: 1 });
  const scheduleId = await scheduleFor(account.accountId, account.ownerId);
  const [second] = await db('users')
    .insert({
      account_id: account.accountId,
      email: `second-${account.accountId}@example.test`,
      name: 'Second',
      password_hash: 'x',
      role: 'owner',
    })
    .returning(['id', 'email']);
  await db('users').where({ id: account.ownerId }).update({ role: 'admin' });

  const { exportId } = await runSchedule(scheduleId);
  assert.ok(exportId);
  assert.equal(mailsTo(stack, second?.email ?? '', READY).length, 1, 'the current owner is told');
  assert.equal(mailsTo(stack, account.ownerEmail, READY).length, 0, 'the demoted creator is not');
});

test("a schedule's creator removed from the account gets nothing; a member never does", async () => {
  const db = stack.database.db;
  const account = await seedAccount(db, stack.config.keys.master, { requests: 1 });
  const [creator] = await db('users')
    .insert({
      account_id: account.accountId,
      email: `creator-${account.accountId}@example.test`,
      name: 'C',
      password_hash: 'x',
      role: 'owner',
    })
    .returning(['id', 'email']);
  const scheduleId = await scheduleFor(account.accountId, creator?.id ?? '');
  await db('users')
    .where({ id: creator?.id ?? '' })
    .delete();

  await runSchedule(scheduleId);
  assert.equal(mailsTo(stack, creator?.email ?? '', READY).length, 0, 'the removed creator is not told');
  assert.equal(mailsTo(stack, account.memberEmail, READY).length, 0, 'nor is a member');
  assert.equal(mailsTo(stack, account.ownerEmail, READY).length, 1, 'the remaining owner is');
});

test('owners create, pause, resume and delete export Schedules on a real Temporal server; the audit archive Schedule is ensured idempotently', async () => {
  const devServer = await startTemporalDevServer({
    port: await freePort(),
    uiPort: await freePort(),
    dbFile: path.join(tempDir('temporal'), 'temporal.db'),
    namespace: 'default',
  });
  let client: Client | undefined;
  try {
    client = await createTemporalClient({ ...stack.config.temporal, address: devServer.url, namespace: 'default' });
    const logger = pino({ level: 'silent' });
    await registerSearchAttributes(client, 'default', logger);
    const db = stack.database.db;
    const account = await seedAccount(db, stack.config.keys.master, { requests: 1 });
    const actor = { accountId: account.accountId, userId: account.ownerId };
    const row = await createExportSchedule(db, client, actor, exportScheduleInputSchema.parse({ cron: '0 3 * * 1' }));
    const handle = client.schedule.getHandle(scheduleIds.scheduledExport(row.id));
    assert.equal((await handle.describe()).action.type, 'startWorkflow');
    assert.equal((await handle.describe()).state.paused, false);

    await setExportSchedulePaused(db, client, actor, row.id, true);
    assert.equal((await handle.describe()).state.paused, true);
    await setExportSchedulePaused(db, client, actor, row.id, false);
    assert.equal((await handle.describe()).state.paused, false);
    assert.equal(
      await setExportSchedulePaused(
        db,
        client,
        { ...actor, accountId: '00000000-0000-4000-8000-000000000000' },
        row.id,
        true,
      ),
      null,
      'another account cannot touch it',
    );

    assert.equal(await deleteExportSchedule(db, client, actor, row.id), true);
    await assert.rejects(handle.describe());
    assert.equal(await db('export_schedules').where({ id: row.id }).first(), undefined);
    const actions = (await db('audit_log').where({ target_id: row.id }).orderBy('id')).map((a) => a.action);
    assert.deepEqual(actions, [
      'export_schedule.created',
      'export_schedule.paused',
      'export_schedule.resumed',
      'export_schedule.deleted',
    ]);

    await ensureAuditArchiveSchedules(client, stack.config, logger);
    await ensureAuditArchiveSchedules(client, stack.config, logger);
    const archive = await client.schedule
      .getHandle(scheduleIds.auditArchive(stack.config.s3.auditArchivePrimaryRegion))
      .describe();
    assert.equal(archive.action.type, 'startWorkflow');
  } finally {
    await client?.connection.close();
    await devServer.stop();
  }
});
