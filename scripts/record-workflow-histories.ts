/**
 * `npm run record:histories`: runs each kind of workflow to completion on the
 * time-skipping test server with the real activities (Postgres, S3, SMTP, a
 * Stripe fake) and writes its history to test/workflows/histories/<kind>.json,
 * which test/workflows/replay.test.ts replays against the current code.
 *
 * Re-record only to capture a new, deliberate shape of a workflow (a new
 * workflow, or a change already behind `patched()`), never to make a failing
 * replay pass: that failure is what running workflows would hit after a deploy.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflows, createAutraceWorker } from '../activities/worker/worker';
import { publishAnnouncement } from '../platform/announcements/announcements';
import { startAnnouncement } from '../platform/temporal/announcement-client';
import type { announcementWorkflow } from '../workflows/announcement';
import { submitPublicRequest, verifyRequestToken } from '../platform/data-subject-requests/requests';
import { publishPrivacyPolicyVersion } from '../platform/privacy-policy/privacy-policy';
import { requestAccountDeletion } from '../platform/temporal/account-deletion-client';
import { createOwnerLogExport } from '../platform/exports/owner-log-exports';
import { startOwnerLogExport } from '../platform/temporal/owner-log-export-client';
import type { ownerLogExportWorkflow } from '../workflows/owner-log-export';
import {
  decideRequest,
  extendRequest,
  requestWorkflowStatus,
  signalRequestVerified,
  startDataSubjectRequestWorkflow,
} from '../platform/temporal/data-subject-request-client';
import { startPrivacyPolicyNotices } from '../platform/temporal/privacy-policy-client';
import { ACCOUNT_MOVE_TASK_QUEUE, taskQueueFor, workflowIds, type WorkflowKind } from '../temporal.config';
import { appendBackdatedAuditEntries } from '../test/support/backdated-audit';
import { createAccountFixture, logRow } from '../test/support/lifecycle-fixtures';
import { HISTORIES_DIR, historyFile } from '../test/support/recorded-histories';
import { seedAccount } from '../test/support/seed-accounts';
import { createTestStack, type TestStack } from '../test/support/stack';
import { startStripeFake, type StripeFake } from '../test/support/stripe-fake';
import { createTimeSkippingEnvironment } from '../test/support/temporal';
import type { accountDeletionWorkflow } from '../workflows/account-deletion';
import type { accountMoveWorkflow } from '../workflows/account-move';
import { startAccountMove } from '../platform/temporal/account-move-client';
import { auditArchiveWorkflow } from '../workflows/audit-archive';
import type { dataSubjectRequestWorkflow } from '../workflows/data-subject-request';
import type { privacyPolicyNoticeWorkflow } from '../workflows/privacy-policy-notice';
import { retentionSweepWorkflow } from '../workflows/retention-sweep';
import { scheduledExportWorkflow } from '../workflows/scheduled-export';
import { toolPaths } from './bootstrap.mjs';
import { freePort, startMotoServer, startPostgresUnlessConfigured } from './local-services';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Recording {
  stack: TestStack;
  env: TestWorkflowEnvironment;
  stripe: StripeFake;
}

/** Each scenario runs one workflow of its kind to completion and returns its handle. */
const scenarios: Record<Exclude<WorkflowKind, 'smoke'>, (r: Recording) => Promise<WorkflowHandle>> = {
  /** 90 days of grace skipped, a reminder, then every purge step. */
  async 'account-deletion'({ stack, env, stripe }) {
    const account = await createAccountFixture(stack.database.db, stack.config, { logRows: 3 });
    stripe.customers.add(account.stripeCustomerId);
    const { workflowId } = await requestAccountDeletion(env.client, {
      accountId: account.accountId,
      requestedByUserId: account.ownerId,
      region: 'eu',
    });
    const handle = env.client.workflow.getHandle<typeof accountDeletionWorkflow>(workflowId);
    await handle.result();
    return handle;
  },

  async 'retention-sweep'({ stack, env }) {
    const account = await createAccountFixture(stack.database.db, stack.config, { plan: 'starter' });
    const now = await env.currentTimeMs();
    for (const daysAgo of [45, 40, 1]) {
      const id = randomUUID();
      await stack.database.db('gateway_requests').insert(logRow(account.accountId, id, new Date(now - daysAgo * DAY)));
    }
    const handle = await env.client.workflow.start(retentionSweepWorkflow, {
      taskQueue: taskQueueFor('eu'),
      workflowId: workflowIds.retentionSweep('eu'),
      args: [{ region: 'eu', asOf: new Date(now).toISOString() }],
    });
    await handle.result();
    return handle;
  },

  /**
   * A public GDPR erasure over several months: verified by its link, extended by
   * an operator (an Update), every operator alert up to overdue, then decided.
   */
  async 'data-subject-request'({ stack, env }) {
    const db = stack.database.db;
    const operatorId = randomUUID();
    await db('users').insert({
      id: operatorId,
      email: 'ops@autrace.local',
      name: 'Ops',
      password_hash: 'x',
      role: 'operator',
      account_id: null,
    });
    const account = await seedAccount(db, stack.config.keys.master, { requests: 4, fullLogs: 2 });
    const serverNow = async () => new Date(await env.currentTimeMs());
    const { request, token } = await submitPublicRequest(db, {
      email: account.memberEmail,
      type: 'erasure',
      jurisdiction: 'gdpr',
      verificationTtlHours: 72,
      now: await serverNow(),
    });
    await startDataSubjectRequestWorkflow(env.client, db, stack.config, request);
    const handle = env.client.workflow.getHandle<typeof dataSubjectRequestWorkflow>(
      workflowIds.dataSubjectRequest(request.id),
    );
    await untilState(env, request.id, 'awaiting-verification');
    await verifyRequestToken(db, token, await serverNow());
    await signalRequestVerified(env.client, request.id);
    await untilState(env, request.id, 'awaiting-decision');
    const extended = await extendRequest(env.client, db, request.id, operatorId, 'records held in several systems');
    if (!extended.allowed || !extended.dueAt) throw new Error(`extension refused: ${extended.reason ?? ''}`);
    // Past the extended due date: every alert (7 days, 2 days, 1 day, overdue) fires on the way.
    await env.sleep(Date.parse(extended.dueAt) - (await env.currentTimeMs()) + DAY);
    await decideRequest(env.client, db, request.id, operatorId, { outcome: 'proceed', retain: [], basis: '' });
    await untilClosed(handle);
    return handle;
  },

  /** Notices to every user in batches, then 15 days skipped until the version takes effect. */
  async 'privacy-policy-notice'({ stack, env }) {
    await seedAccount(stack.database.db, stack.config.keys.master, { requests: 1, fullLogs: 0 });
    const now = await env.currentTimeMs();
    const version = await publishPrivacyPolicyVersion(stack.database.db, {
      version: '2026-recorded',
      summary: 'We now name our sub-processors in an annex.',
      body: 'Full text.',
      effectiveAt: new Date(now + 15 * DAY),
      publishedBy: null,
      now: new Date(now),
    });
    const { workflowId } = await startPrivacyPolicyNotices(env.client, {
      versionId: version.id,
      region: 'eu',
      regions: [['eu']],
    });
    const handle = env.client.workflow.getHandle<typeof privacyPolicyNoticeWorkflow>(workflowId);
    await handle.result();
    return handle;
  },

  /** A product update to every user, one user per batch. */
  async announcement({ stack, env }) {
    await seedAccount(stack.database.db, stack.config.keys.master, { requests: 1, fullLogs: 0 });
    const announcement = await publishAnnouncement(stack.database.db, {
      kind: 'product_update',
      subject: 'New: per-key usage',
      body: 'The key list now shows requests per key.',
      publishedBy: null,
    });
    const { workflowId } = await startAnnouncement(env.client, {
      announcementId: announcement.id,
      region: 'eu',
      regions: [['eu']],
      batchSize: 1,
    });
    const handle = env.client.workflow.getHandle<typeof announcementWorkflow>(workflowId);
    await handle.result();
    return handle;
  },

  async 'scheduled-export'({ stack, env }) {
    const db = stack.database.db;
    const account = await seedAccount(db, stack.config.keys.master, { requests: 6, fullLogs: 3 });
    const [schedule] = await db('export_schedules')
      .insert({
        account_id: account.accountId,
        cron: '0 3 * * *',
        categories: ['gateway_requests', 'gateway_full_logs', 'audit_log'],
        created_by: account.ownerId,
      })
      .returning<Array<{ id: string }>>('id');
    const scheduleId = schedule?.id ?? '';
    const handle = await env.client.workflow.start(scheduledExportWorkflow, {
      taskQueue: taskQueueFor('eu'),
      workflowId: workflowIds.scheduledExport(scheduleId),
      args: [{ scheduleId }],
    });
    await handle.result();
    return handle;
  },

  /** Metadata and full logs of one account, both formats. */
  async 'owner-log-export'({ stack, env }) {
    const db = stack.database.db;
    const account = await seedAccount(db, stack.config.keys.master, { requests: 6, fullLogs: 3 });
    const record = await createOwnerLogExport(db, {
      accountId: account.accountId,
      region: 'eu',
      requestedBy: { actorType: 'user', actorId: account.ownerId },
      from: null,
      to: null,
      formats: ['json', 'csv'],
      include: ['metadata', 'full'],
    });
    const { workflowId } = await startOwnerLogExport(env.client, {
      exportId: record.id,
      accountId: account.accountId,
      region: 'eu',
    });
    const handle = env.client.workflow.getHandle<typeof ownerLogExportWorkflow>(workflowId);
    await handle.result();
    return handle;
  },

  async 'audit-archive'({ stack, env }) {
    const now = Date.now();
    const day = (daysAgo: number, hour: number) =>
      new Date(`${new Date(now - daysAgo * DAY).toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00:00Z`);
    await appendBackdatedAuditEntries(stack.database.db, [
      { at: day(2, 9), action: 'api_key.created' },
      { at: day(1, 10), action: 'policy.updated' },
    ]);
    const region = stack.config.s3.auditArchivePrimaryRegion;
    const handle = await env.client.workflow.start(auditArchiveWorkflow, {
      taskQueue: taskQueueFor(region),
      workflowId: workflowIds.auditArchive(region),
      args: [{ region }],
    });
    await handle.result();
    return handle;
  },

  /** Every step of a move; the stack's regions share one database, so the copy finds its rows in place. */
  async 'account-move'({ stack, env }) {
    const account = await createAccountFixture(stack.database.db, stack.config, { logRows: 3 });
    const moves = await createAutraceWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue: ACCOUNT_MOVE_TASK_QUEUE,
      deps: stack.deps,
    });
    return moves.runUntil(async () => {
      const { workflowId } = await startAccountMove(env.client, {
        accountId: account.accountId,
        from: 'eu',
        to: 'us',
        operatorId: randomUUID(),
      });
      const handle = env.client.workflow.getHandle<typeof accountMoveWorkflow>(workflowId);
      await handle.result();
      return handle;
    });
  },
};

/** Polls in real time, so the test server does not skip ahead while the workflow waits on an activity. */
async function untilState(env: TestWorkflowEnvironment, requestId: string, state: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await requestWorkflowStatus(env.client, requestId)).state !== state) {
    if (Date.now() > deadline) throw new Error(`request ${requestId} never reached ${state}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function untilClosed(handle: WorkflowHandle): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await handle.describe()).status.name === 'RUNNING') {
    if (Date.now() > deadline) throw new Error(`${handle.workflowId} still running`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await handle.result();
}

async function record(kinds: string[]): Promise<void> {
  const workflowBundleCode = await bundleWorkflows();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const [kind, run] of Object.entries(scenarios)) {
    if (kinds.length > 0 && !kinds.includes(kind)) continue;
    // A fresh stack and server clock per kind: each history starts from nothing and skips time on its own.
    const stripe = await startStripeFake();
    const [stack, env] = await Promise.all([
      createTestStack({ env: { STRIPE_API_BASE: stripe.url } }),
      createTimeSkippingEnvironment(),
    ]);
    try {
      const worker = await createAutraceWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? 'default',
        taskQueue: taskQueueFor('eu'),
        deps: stack.deps,
        workflowBundleCode,
      });
      const handle = await worker.runUntil(run({ stack, env, stripe }));
      const history = await handle.fetchHistory();
      writeFileSync(historyFile(kind), `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`);
      console.log(
        `${kind}: ${history.events?.length ?? 0} events → ${path.relative(process.cwd(), historyFile(kind))}`,
      );
    } finally {
      await env.teardown();
      await stack.close();
      await stripe.close();
    }
  }
}

const database = await startPostgresUnlessConfigured('record-histories-pg');
const moto = await startMotoServer(await freePort(), path.join(os.tmpdir(), 'autrace-record-moto.log'));
// The test fixtures read these, as they do under `npm test`.
process.env.TEST_DATABASE_ADMIN_URL = database.adminUrl;
process.env.TEST_S3_ENDPOINT = moto.url;
process.env.TEMPORAL_TEST_SERVER_PATH = toolPaths.temporalTestServer;
try {
  await record(process.argv.slice(2));
} finally {
  await moto.stop();
  await database.stop();
}
