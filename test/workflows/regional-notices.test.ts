import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createRegionalServices, type RegionalServices } from '../../activities/worker/services';
import { bundleWorkflows, createAutraceWorker } from '../../activities/worker/worker';
import { REGIONS, type Region } from '../../platform/config/config';
import type { Database } from '../../platform/database/database';
import { taskQueueFor } from '../../temporal.config';
import type { announcementWorkflow } from '../../workflows/announcement';
import type { privacyPolicyNoticeWorkflow } from '../../workflows/privacy-policy-notice';
import { startTestApi, type TestApi, type TestUser } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createTimeSkippingEnvironment } from '../support/temporal';

/**
 * Separate EU (primary), US and APAC databases and a worker per region, each holding only its own
 * region's database: announcements and policy notices published on the primary reach the users of
 * every region once, and each region's delivery records stay in its database.
 */
interface Member {
  region: 'eu' | 'us';
  userId: string;
  email: string;
}

describe('announcements and privacy-policy notices across regions', () => {
  let env: TestWorkflowEnvironment;
  let api: TestApi;
  let us: TestDatabase;
  let apac: TestDatabase;
  let services: RegionalServices;
  let workers: Worker[];
  let running: Promise<void>[];
  let operator: TestUser;
  const members: Member[] = [];
  const dbOf = (region: Region): Database =>
    region === 'eu' ? api.stack.database.db : region === 'us' ? us.db : apac.db;

  const signUp = async (region: 'eu' | 'us'): Promise<Member> => {
    const email = `member-${region}-${randomUUID().slice(0, 8)}@regions.test`;
    const response = await api.request<{ userId: string }>('POST', '/v1/auth/signup', {
      body: {
        accountName: 'Acme',
        name: 'Ada',
        email,
        password: 'correct horse battery staple',
        ageConfirmed: true,
        region,
      },
    });
    assert.equal(response.status, 201, response.text);
    return { region, userId: response.body.userId, email };
  };

  before(async () => {
    [env, us, apac] = await Promise.all([createTimeSkippingEnvironment(), createTestDatabase(), createTestDatabase()]);
    api = await startTestApi({
      env: { DATABASE_URL_US: us.url, DATABASE_URL_APAC: apac.url },
      temporal: () => Promise.resolve(env.client),
    });
    services = createRegionalServices(api.stack.config, 'test-worker', REGIONS, {
      byUrl: new Map([
        [api.stack.database.url, api.stack.database.appDb],
        [us.url, us.appDb],
        [apac.url, apac.appDb],
      ]),
    });
    const workflowBundleCode = await bundleWorkflows();
    workers = await Promise.all(
      REGIONS.map((region) =>
        createAutraceWorker({
          connection: env.nativeConnection,
          namespace: env.namespace ?? 'default',
          taskQueue: taskQueueFor(region),
          deps: services.of(region),
          workflowBundleCode,
        }),
      ),
    );
    running = workers.map((worker) => worker.run());
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
      assert.equal(copy?.status, 'sent');
      if (region !== 'eu') assert.equal(copy?.published_by, null);
    }
    assert.equal(
      await dbOf('apac')('announcement_deliveries').where({ announcement_id: announcementId }).first(),
      undefined,
    );

    // Run again (a new workflow over the same announcement): every delivery is on record, nobody is mailed twice.
    const again = await env.client.workflow.execute('announcementWorkflow', {
      workflowId: `${workflowId}-again`,
      taskQueue: taskQueueFor('eu'),
      args: [{ announcementId, regions: [...REGIONS] }],
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
});
