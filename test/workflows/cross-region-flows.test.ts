import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createRegionalServices, type RegionalServices } from '../../activities/worker/services';
import { REGIONS, type Region } from '../../platform/config/config';
import type { Database } from '../../platform/database/database';
import type { announcementWorkflow } from '../../workflows/announcement';
import type { privacyPolicyNoticeWorkflow } from '../../workflows/privacy-policy-notice';
import { startTestApi, type TestApi, type TestUser } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { waitForMail } from '../support/dsr-harness';
import type { CapturedMail } from '../support/smtp';
import { startStripeFake, type StripeFake } from '../support/stripe-fake';
import { createTimeSkippingEnvironment } from '../support/temporal';
import type { dataSubjectRequestWorkflow } from '../../workflows/data-subject-request';
import { startRegionalWorkers } from '../support/regions';
import { taskQueueFor, workflowIds } from '../../temporal.config';

/**
 * Separate EU (primary), US and APAC databases and a worker per region, each holding only its own
 * region's database: announcements and policy notices published on the primary reach the users of
 * every region once, each region's delivery records stay in its database, and a child report (held in
 * the primary) about a US-homed user erases that user in the US database.
 */
interface Member {
  region: 'eu' | 'us';
  userId: string;
  email: string;
}

describe('flows of the primary region that reach every region', () => {
  let env: TestWorkflowEnvironment;
  let api: TestApi;
  let us: TestDatabase;
  let apac: TestDatabase;
  let services: RegionalServices;
  let workers: Worker[];
  let running: Promise<void>[];
  let operator: TestUser;
  let stripeFake: StripeFake;
  const members: Member[] = [];
  const dbOf = (region: Region): Database =>
    region === 'eu' ? api.stack.database.db : region === 'us' ? us.db : apac.db;

  const signUp = async (region: 'eu' | 'us'): Promise<Member & { accountId: string; token: string }> => {
    const email = `member-${region}-${randomUUID().slice(0, 8)}@regions.test`;
    const response = await api.request<{ userId: string; accountId: string; session: { token: string } }>(
      'POST',
      '/v1/auth/signup',
      {
        body: {
          accountName: 'Acme',
          name: 'Ada',
          email,
          password: 'correct horse battery staple',
          ageConfirmed: true,
          region,
        },
      },
    );
    assert.equal(response.status, 201, response.text);
    return {
      region,
      userId: response.body.userId,
      accountId: response.body.accountId,
      token: response.body.session.token,
      email,
    };
  };

  before(async () => {
    [env, us, apac, stripeFake] = await Promise.all([
      createTimeSkippingEnvironment(),
      createTestDatabase(),
      createTestDatabase(),
      startStripeFake(),
    ]);
    api = await startTestApi({
      env: { DATABASE_URL_US: us.url, DATABASE_URL_APAC: apac.url, STRIPE_API_BASE: stripeFake.url },
      temporal: () => Promise.resolve(env.client),
    });
    services = createRegionalServices(api.stack.config, 'test-worker', REGIONS, {
      byUrl: new Map([
        [api.stack.database.url, api.stack.database.appDb],
        [us.url, us.appDb],
        [apac.url, apac.appDb],
      ]),
    });
    ({ workers, running } = await startRegionalWorkers(env, services));
    operator = await api.createOperator();
    // Two users in each region get everything; one in each has opted out of product updates.
    for (const region of ['eu', 'us', 'eu', 'us', 'eu', 'us'] as const) members.push(await signUp(region));
    for (const optedOut of members.slice(4))
      await dbOf(optedOut.region)('users').where({ id: optedOut.userId }).update({ marketing_opt_out: true });
  });

  after(async () => {
    for (const worker of workers ?? []) worker.shutdown();
    await Promise.all(running ?? []);
    await services?.close();
    await api?.close();
    await us?.drop();
    await apac?.drop();
    await env?.teardown();
    await stripeFake?.close();
  });

  const mailedTo = (subject: string) =>
    api.stack.smtp.messages
      .filter((mail) => mail.subject === subject)
      .flatMap((mail) => mail.to)
      .sort();

  test('an announcement reaches every opted-in user of every region once, recorded in their own region', async () => {
    const subject = `Regional update ${randomUUID().slice(0, 8)}`;
    const published = await api.request<{ announcementId: string; workflowId: string }>(
      'POST',
      '/v1/operator/announcements',
      { token: operator.token, body: { kind: 'product_update', subject, body: 'New models in every region.' } },
    );
    assert.equal(published.status, 201, published.text);
    const { announcementId, workflowId } = published.body;
    const status = await env.client.workflow.getHandle<typeof announcementWorkflow>(workflowId).result();

    const reached = members.slice(0, 4);
    assert.deepEqual(mailedTo(subject), reached.map((m) => m.email).sort());
    assert.equal(status.sent, 4);
    const primary = await dbOf('eu')('announcements').where({ id: announcementId }).first();
    assert.equal(primary?.status, 'sent');
    assert.equal(primary?.recipients, 4);

    for (const region of ['eu', 'us'] as const) {
      const delivered = await dbOf(region)('announcement_deliveries')
        .where({ announcement_id: announcementId })
        .pluck('user_id');
      assert.deepEqual(
        delivered.sort(),
        reached
          .filter((m) => m.region === region)
          .map((m) => m.userId)
          .sort(),
        `${region} holds its own users' delivery records and nobody else's`,
      );
      // The region's copy names no publisher: the operator is a user of the primary only.
      const copy = await dbOf(region)('announcements').where({ id: announcementId }).first();
      assert.equal(copy?.subject, subject);
      if (region !== 'eu') assert.equal(copy?.published_by, null);
    }
    assert.equal(
      await dbOf('apac')('announcement_deliveries').where({ announcement_id: announcementId }).first(),
      undefined,
    );

    // A US user's one-click unsubscribe, from the message received, changes their row in the US database.
    const usMember = reached.find((m) => m.region === 'us');
    const received = api.stack.smtp.messages.find((m) => m.subject === subject && m.to.includes(usMember?.email ?? ''));
    const link = /^<(https?:\/\/[^>]+)>$/.exec(received?.headers['list-unsubscribe'] ?? '')?.[1];
    assert.ok(link, 'the message carries its one-click unsubscribe link');
    const unsubscribed = await api.request('POST', `${new URL(link).pathname}${new URL(link).search}`, {
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(unsubscribed.status, 200, unsubscribed.text);
    const usRow = await dbOf('us')('users').where({ id: usMember?.userId }).first('marketing_opt_out');
    assert.equal(usRow?.marketing_opt_out, true);
    assert.ok(
      await dbOf('us')('audit_log').where({ action: 'user.announcement_preferences_changed' }).first(),
      'the change is on the US trail',
    );

    // Run again (a new workflow over the same announcement): every delivery is on record, nobody is mailed twice.
    const again = await env.client.workflow.execute<typeof announcementWorkflow>('announcementWorkflow', {
      workflowId: `${workflowId}-again`,
      taskQueue: taskQueueFor('eu'),
      args: [{ announcementId, regions: [['eu'], ['us'], ['apac']] }],
    });
    assert.equal(again.sent, 4);
    assert.deepEqual(mailedTo(subject), reached.map((m) => m.email).sort());
  });

  test('a privacy-policy notice reaches every user of every region once and the version takes effect', async () => {
    const version = `2027-regions-${randomUUID().slice(0, 6)}`;
    // 15 days from the later of the API's clock and the workflow's (the test server's, which skips ahead).
    const effectiveAt = new Date(Math.max(Date.now(), await env.currentTimeMs()) + 15 * 86_400_000).toISOString();
    const published = await api.request<{ versionId: string; workflowId: string }>(
      'POST',
      '/v1/operator/privacy-policy/versions',
      {
        token: operator.token,
        body: { version, summary: 'Regional processing explained.', body: 'The full text.', effectiveAt },
      },
    );
    assert.equal(published.status, 201, published.text);
    const { versionId, workflowId } = published.body;
    // Waits out the 15 days on the time-skipping server.
    const status = await env.client.workflow.getHandle<typeof privacyPolicyNoticeWorkflow>(workflowId).result();

    assert.equal(status.state, 'current');
    // Policy notices are owed to every user, opted out of product updates or not.
    assert.deepEqual(mailedTo('Changes to the Autrace privacy policy'), members.map((m) => m.email).sort());
    assert.equal(status.noticesSent, members.length);
    assert.equal((await dbOf('eu')('privacy_policy_versions').where({ id: versionId }).first())?.status, 'current');
    for (const region of ['eu', 'us'] as const) {
      const notified = await dbOf(region)('privacy_policy_notices').where({ version_id: versionId }).pluck('user_id');
      assert.deepEqual(
        notified.sort(),
        members
          .filter((m) => m.region === region)
          .map((m) => m.userId)
          .sort(),
      );
    }
  });

  test('a child report about a US-homed user, confirmed by an operator, erases that user in the US database', async () => {
    const child = await signUp('us');
    const key = await api.request<{ key: { id: string } }>('POST', '/v1/api-keys', {
      token: child.token,
      body: { name: 'homework' },
    });
    assert.equal(key.status, 201, key.text);
    const reporter = `parent-${randomUUID().slice(0, 8)}@example.test`;
    const submitted = await api.request<{ reportId: string }>('POST', '/v1/public/child-reports', {
      body: { reporterEmail: reporter, accountEmail: child.email, details: 'My daughter is 12.' },
    });
    assert.equal(submitted.status, 202, submitted.text);
    const { reportId } = submitted.body;
    const confirmMail = await waitForMail(
      api.stack,
      (m) => m.to.includes(reporter) && m.subject === 'Confirm your report about a child',
    );
    const verified = await api.request('GET', verifyPath(confirmMail));
    assert.equal(verified.status, 200, verified.text);

    // The operators' queue finds the user in the US database, through the directory.
    const queue = await api.request<{ reports: Array<{ id: string; matchedUser: { userId: string } | null }> }>(
      'GET',
      '/v1/operator/child-reports',
      { token: operator.token },
    );
    assert.equal(queue.status, 200, queue.text);
    assert.equal(queue.body.reports.find((r) => r.id === reportId)?.matchedUser?.userId, child.userId);

    const decided = await api.request<{ status: string; requestId: string | null }>(
      'POST',
      `/v1/operator/child-reports/${reportId}/decision`,
      { token: operator.token, body: { outcome: 'confirm' } },
    );
    assert.equal(decided.status, 202, decided.text);
    const { requestId } = decided.body;
    assert.ok(requestId);
    assert.equal(await workflowResult(requestId), 'answered');

    // Erased where the user lives; the request and its evidence are held there too.
    assert.equal(await us.db('users').where({ id: child.userId }).first(), undefined);
    assert.equal(await us.db('api_keys').where({ account_id: child.accountId }).first(), undefined);
    const account = await us.db('accounts').where({ id: child.accountId }).first();
    assert.equal(account?.data_key_wrapped, null, 'data key shredded');
    const request = await us.db('data_subject_requests').where({ id: requestId }).first();
    assert.deepEqual([request?.type, request?.channel, request?.status], ['erasure', 'child-report', 'answered']);
    assert.equal(await dbOf('eu')('data_subject_requests').where({ id: requestId }).first(), undefined);
    const usTrail = await us.db('audit_log').where({ target_id: requestId }).orderBy('id').pluck('action');
    for (const action of ['dsr.submitted', 'dsr.decision_recorded', 'dsr.erased', 'dsr.closed'])
      assert.ok(usTrail.includes(action), `${action} on the US trail: ${usTrail.join(', ')}`);
    // The report, held in the primary, names the request and its region.
    const held = await dbOf('eu')('child_reports').where({ id: reportId }).first();
    assert.deepEqual([held?.status, held?.request_id, held?.request_region], ['confirmed', requestId, 'us']);
    const primaryTrail = await dbOf('eu')('audit_log').where({ target_id: reportId }).orderBy('id');
    assert.deepEqual(
      primaryTrail.map((entry) => entry.action),
      ['child_report.received', 'child_report.confirmed'],
    );
    for (const entry of primaryTrail) assert.equal(entry.account_id, null, 'the primary trail names no US account');
    for (const db of [dbOf('eu'), us.db]) {
      const chain = await db.raw<{ rows: Array<{ broken_id: number | null }> }>(
        'select broken_id from audit_verify_chain()',
      );
      assert.equal(chain.rows[0]?.broken_id, null, 'the audit chain verifies');
    }
    await waitForMail(api.stack, (m) => m.to.includes(reporter) && /confirmed your report/.test(m.text));
    await waitForMail(api.stack, (m) => m.to.includes(child.email) && /erased your personal data/.test(m.text));
  });

  /** Waits in real time for the request's workflow to close (time moves only when a test sleeps). */
  async function workflowResult(requestId: string): Promise<string> {
    const handle = env.client.workflow.getHandle<typeof dataSubjectRequestWorkflow>(
      workflowIds.dataSubjectRequest(requestId),
    );
    const deadline = Date.now() + 20_000;
    while ((await handle.describe()).status.name === 'RUNNING') {
      if (Date.now() > deadline) throw new Error(`request ${requestId} still running`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return handle.result();
  }
});

/** The API call the privacy center's page makes for the link in the reporter's e-mail. */
function verifyPath(mail: CapturedMail): string {
  const link = new URL(/https?:\/\/\S+/.exec(mail.text)?.[0] ?? 'http://invalid/');
  assert.equal(link.pathname, '/privacy/child-report/verify');
  return `/v1/public/child-reports/verify?token=${encodeURIComponent(link.searchParams.get('token') ?? '')}`;
}
