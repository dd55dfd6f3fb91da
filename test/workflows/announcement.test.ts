import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { readUnsubscribeToken } from '../../platform/announcements/announcement-preferences';
import {
  findAnnouncement,
  publishAnnouncement,
  sendAnnouncementBatch,
} from '../../platform/announcements/announcements';
import type { AnnouncementKind } from '../../platform/database/tables';
import { createMailer, type Mailer } from '../../platform/mail/mailer';
import { startAnnouncement } from '../../platform/temporal/announcement-client';
import { taskQueueFor } from '../../temporal.config';
import type { announcementWorkflow } from '../../workflows/announcement';
import { startTestApi, type TestApi, type TestUser } from '../support/api';
import type { CapturedMail } from '../support/smtp';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { writeWorkflowBundle } from '../support/worker-bundle';
import { startWorkerProcess } from '../support/worker-process-control';

let api: TestApi;
let env: TestWorkflowEnvironment;
let bundlePath: string;
let mailer: Mailer;
let deps: ActivityDeps;
let operator: TestUser;

before(async () => {
  env = await createTimeSkippingEnvironment();
  api = await startTestApi({ temporal: () => Promise.resolve(env.client) });
  bundlePath = await writeWorkflowBundle();
  mailer = createMailer({ ...api.stack.config.mail, smtpUrl: `${api.stack.smtp.url}?pool=true&maxConnections=8` });
  deps = { ...api.stack.deps, mailer };
  operator = await api.createOperator();
});

after(async () => {
  mailer?.close();
  await api?.close();
  await env?.teardown();
});

function worker(): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue: taskQueueFor('eu'),
    workflowBundle: { codePath: bundlePath },
    activities: createActivities(deps),
    maxCachedWorkflows: 0,
  });
}

/** Publishes through the operator route (which starts the workflow) and runs it to the end on an in-process worker. */
async function announce(kind: AnnouncementKind, subject: string) {
  const published = await api.request<{ announcementId: string; workflowId: string }>(
    'POST',
    '/v1/operator/announcements',
    { token: operator.token, body: { kind, subject, body: `${subject}: details.` } },
  );
  assert.equal(published.status, 201, published.text);
  const status = await (
    await worker()
  ).runUntil(env.client.workflow.getHandle<typeof announcementWorkflow>(published.body.workflowId).result());
  return { announcementId: published.body.announcementId, status };
}

const mailsWithSubject = (subject: string) => api.stack.smtp.messages.filter((m) => m.subject === subject);
const recipients = (mails: CapturedMail[]) => mails.flatMap((m) => m.to).sort();

/** The path and query of a message's List-Unsubscribe URL, to call on the test API. */
function unsubscribePath(mail: CapturedMail): string {
  const header = mail.headers['list-unsubscribe'] ?? '';
  const match = /^<(https?:\/\/[^>]+)>$/.exec(header);
  assert.ok(match?.[1], `List-Unsubscribe is one angle-bracketed URL: ${header}`);
  const url = new URL(match[1]);
  return `${url.pathname}${url.search}`;
}

async function insertRestriction(userId: string, accountId: string, kind: 'restriction' | 'objection', lifted = false) {
  const db = api.stack.database.db;
  const [request] = await db('data_subject_requests')
    .insert({
      account_id: accountId,
      subject_user_id: userId,
      type: kind,
      jurisdiction: 'gdpr',
      channel: 'member',
      promised_due_at: new Date(),
      legal_due_at: new Date(),
    })
    .returning('id');
  await db('processing_restrictions').insert({
    request_id: request?.id ?? '',
    account_id: accountId,
    user_id: userId,
    kind,
    scope: kind === 'objection' ? ['marketing', 'full_logging'] : ['full_logging'],
    ...(lifted ? { lifted_at: new Date() } : {}),
  });
}

test('the one-click unsubscribe of a received message turns that kind off, is audited, and the next announcement skips the user', async () => {
  const account = await api.createAccount();
  const member = await api.createUser(account.accountId, 'member');
  const first = await announce('product_update', 'Product update one');
  const received = mailsWithSubject('Product update one').find((m) => m.to.includes(member.email));
  assert.ok(received, 'the member got the first update');
  assert.equal(received.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');

  const response = await api.request('POST', unsubscribePath(received), {
    rawBody: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(response.status, 200, response.text);
  const user = await api.stack.database.db('users').where({ id: member.userId }).first();
  assert.equal(user?.marketing_opt_out, true);
  assert.equal(user?.security_notices_opt_out, false, 'only the kind of the link');
  const audit = await api.stack.database
    .db('audit_log')
    .where({ action: 'user.announcement_preferences_changed', target_id: member.userId })
    .first();
  assert.equal(audit?.actor_type, 'subject');
  assert.deepEqual(audit?.summary, {
    productUpdates: false,
    securityNotices: true,
    changed: ['productUpdates'],
    via: 'unsubscribe-link',
  });

  await announce('product_update', 'Product update two');
  const second = recipients(mailsWithSubject('Product update two'));
  assert.ok(second.includes(account.owner.email), 'the owner still gets updates');
  assert.ok(!second.includes(member.email), 'the member who unsubscribed does not');
  assert.equal(first.status.state, 'sent');
});

test('users with a restriction or an objection in force get no announcement; a lifted one no longer stops it', async () => {
  const account = await api.createAccount();
  const restricted = await api.createUser(account.accountId, 'member');
  const objecting = await api.createUser(account.accountId, 'member');
  const lifted = await api.createUser(account.accountId, 'member');
  await insertRestriction(restricted.userId, account.accountId, 'restriction');
  await insertRestriction(objecting.userId, account.accountId, 'objection');
  await insertRestriction(lifted.userId, account.accountId, 'restriction', true);

  // A security notice: opting out of product updates (which an objection also does) is no reason to skip it.
  await announce('security_notice', 'Security notice: restrictions');
  const got = recipients(mailsWithSubject('Security notice: restrictions'));
  assert.ok(got.includes(account.owner.email));
  assert.ok(got.includes(lifted.email));
  assert.ok(!got.includes(restricted.email), 'a restriction in force stops it');
  assert.ok(!got.includes(objecting.email), 'an objection in force stops it');
});

test('a batch retried after it was interrupted mails only the users the first attempt did not reach', async () => {
  const db = api.stack.database.db;
  const account = await api.createAccount();
  for (let i = 0; i < 9; i += 1) await api.createUser(account.accountId, 'member');
  const published = await publishAnnouncement(db, {
    kind: 'security_notice',
    subject: 'Security notice: retried batch',
    body: 'Rotate your keys.',
    publishedBy: operator.userId,
  });
  const announcement = await findAnnouncement(db, published.id);
  assert.ok(announcement);
  const eligible = await db('users').whereNot({ role: 'operator' }).where({ security_notices_opt_out: false });
  // The first attempt stops after three sends, as an activity does when its worker shuts down.
  const controller = new AbortController();
  let sends = 0;
  const stopping: Mailer = {
    async send(mail) {
      const sent = await mailer.send(mail);
      sends += 1;
      if (sends === 3) controller.abort();
      return sent;
    },
    close: () => undefined,
  };
  const input = { announcement, limit: 500, concurrency: 1 };
  await assert.rejects(
    sendAnnouncementBatch({ db, mailer: stopping, config: api.stack.config }, { ...input, signal: controller.signal }),
  );
  assert.equal(mailsWithSubject('Security notice: retried batch').length, 3);

  const retried = await sendAnnouncementBatch({ db, mailer, config: api.stack.config }, input);
  assert.equal(retried.skipped, 3, 'the three reached before are skipped');
  const mails = recipients(mailsWithSubject('Security notice: retried batch'));
  assert.equal(mails.length, new Set(mails).size, 'nobody twice');
  assert.equal(mails.length, eligible.length - (await restrictedCount()), 'everyone eligible once');
});

async function restrictedCount(): Promise<number> {
  const [row] = await api.stack.database
    .db('processing_restrictions')
    .whereNull('lifted_at')
    .countDistinct<Array<{ count: string }>>({ count: 'user_id' });
  return Number(row?.count ?? 0);
}

test('10,000 users with 1,000 opted out of product updates get 9,000 e-mails, each exactly once, each with its own one-click unsubscribe', async () => {
  const db = api.stack.database.db;
  const accountId = randomUUID();
  const tag = accountId.slice(0, 8);
  await db('accounts').insert({ id: accountId, name: 'Announcements', plan: 'free' });
  // Every tenth user has opted out of product updates.
  await db.raw(
    `insert into users (account_id, email, name, password_hash, role, marketing_opt_out)
     select ?, 'bulk-' || ? || '-' || g || '@example.test', 'User', 'x',
            case when g = 1 then 'owner' else 'member' end, g % 10 = 0
       from generate_series(1, 10000) g`,
    [accountId, tag],
  );
  const ours = (m: CapturedMail) => m.to.length === 1 && (m.to[0] ?? '').startsWith(`bulk-${tag}-`);
  const announcement = await publishAnnouncement(db, {
    kind: 'product_update',
    subject: 'Product update: bulk',
    body: 'Per-key usage is in the key list.',
    publishedBy: operator.userId,
  });
  // The worker runs in its own process, as in production, so sending there and parsing here use both cores.
  const workerProcess = await startWorkerProcess({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: api.stack.database.url,
    SMTP_URL: `${api.stack.smtp.url}?pool=true&maxConnections=16`,
    DATABASE_POOL_MAX: '24',
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: env.namespace ?? 'default',
    TEMPORAL_WORKFLOW_BUNDLE: bundlePath,
  });
  const { workflowId } = await startAnnouncement(env.client, {
    announcementId: announcement.id,
    region: 'eu',
    regions: [['eu']],
  });
  const status = await env.client.workflow.getHandle<typeof announcementWorkflow>(workflowId).result();
  await workerProcess.stop();

  const mails = api.stack.smtp.messages.filter(ours);
  assert.equal(mails.length, 9_000);
  const byRecipient = new Map(mails.map((m) => [m.to[0] ?? '', m]));
  assert.equal(byRecipient.size, 9_000, 'each recipient exactly once');
  const optedOut = await db('users').where({ account_id: accountId, marketing_opt_out: true }).pluck('email');
  assert.equal(optedOut.length, 1_000);
  assert.ok(
    optedOut.every((email) => !byRecipient.has(email)),
    'nobody who opted out',
  );
  assert.equal(status.state, 'sent');
  assert.ok(status.sent >= 9_000, 'the count includes earlier tests’ users');

  // Each message's one-click link names its own recipient and the kind.
  const ids = new Map(
    (await db('users').where({ account_id: accountId }).select('id', 'email')).map((u) => [u.id, u.email]),
  );
  for (const mail of mails) {
    assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    const token = new URL(`http://x${unsubscribePath(mail)}`).searchParams.get('token') ?? '';
    const named = readUnsubscribeToken(api.stack.config.keys.master, token);
    assert.equal(named?.kind, 'product_update');
    assert.equal(ids.get(named?.userId ?? ''), mail.to[0]);
  }
  const row = await db('announcements').where({ id: announcement.id }).first();
  assert.equal(row?.status, 'sent');
  assert.equal(row?.recipients, status.sent);
});
