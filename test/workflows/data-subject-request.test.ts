import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '../../temporal.config';
import { computeDeadlines, dueInstant } from '../../platform/data-subject-requests/deadlines';
import {
  decideRequest,
  extendRequest,
  requestWorkflowStatus,
  startDataSubjectRequestWorkflow,
} from '../../platform/temporal/data-subject-request-client';
import {
  submitMemberRequest,
  submitPublicRequest,
  verifyRequestToken,
  type DsrType,
} from '../../platform/data-subject-requests/requests';
import { recordAudit } from '../../platform/audit/audit-trail';
import { EXPORT_CATEGORIES } from '../../platform/exports/export-categories';
import { issueExportDownloadLink, issueSubjectExportDownloadLink } from '../../platform/exports/export-download-links';
import { exportedFullLogSchema, openExportedFullLogs } from '../../platform/exports/exported-full-logs';
import { createTestStack, type TestStack } from '../support/stack';
import { startStripeFake, type StripeFake } from '../support/stripe-fake';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { mailsTo, startPrivacyWorker, waitForMail } from '../support/dsr-harness';
import { addUserTraffic, seedAccount } from '../support/seed-accounts';
import { readZip } from '../support/zip-reader';
import type { dataSubjectRequestWorkflow } from '../../workflows/data-subject-request';

let stack: TestStack;
let env: TestWorkflowEnvironment;
let worker: { stop(): Promise<void> };
let stripeFake: StripeFake;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

before(async () => {
  stripeFake = await startStripeFake();
  [stack, env] = await Promise.all([
    createTestStack({ env: { STRIPE_API_BASE: stripeFake.url } }),
    createTimeSkippingEnvironment(),
  ]);
  worker = await startPrivacyWorker(env, stack);
  const operator = {
    id: OPERATOR,
    email: 'ops@autrace.local',
    name: 'Ops',
    password_hash: 'x',
    role: 'operator' as const,
    account_id: null,
  };
  await stack.database.db('users').insert(operator);
});

after(async () => {
  await worker?.stop();
  await env?.teardown();
  await stripeFake?.close();
  await stack?.close();
});

const OPERATOR = '00000000-0000-4000-8000-00000000000a';
const serverNow = async () => new Date(await env.currentTimeMs());
/**
 * Waits in real time for the workflow to close. Awaiting `result()` directly
 * would let the test server skip time while an activity runs, firing the
 * request's far-off timers; here time moves only through env.sleep.
 */
async function result(requestId: string): Promise<string> {
  const handle = env.client.workflow.getHandle<typeof dataSubjectRequestWorkflow>(
    workflowIds.dataSubjectRequest(requestId),
  );
  const deadline = Date.now() + 15_000;
  while ((await handle.describe()).status.name === 'RUNNING') {
    if (Date.now() > deadline) throw new Error(`request ${requestId} still running`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return handle.result();
}

async function stateOf(requestId: string, wanted: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await requestWorkflowStatus(env.client, requestId)).state !== wanted) {
    if (Date.now() > deadline) throw new Error(`request ${requestId} never reached ${wanted}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const teamMails = (kind: RegExp) => mailsTo(stack, stack.config.privacy.teamEmail, kind);

async function memberRequest(
  type: DsrType,
  jurisdiction: 'gdpr' | 'ccpa',
  options: { soleUser?: boolean; details?: { name?: string }; traffic?: boolean } = {},
) {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, {
    requests: 12,
    fullLogs: 4,
    soleUser: options.soleUser ?? false,
  });
  // Each user with a key of their own and prompts of their own in the full logs.
  const traffic = options.traffic
    ? {
        owner: await addUserTraffic(stack.database.db, account, account.ownerId, {
          requests: 3,
          prompt: `owner prompt ${account.accountId}`,
        }),
        member: await addUserTraffic(stack.database.db, account, account.memberId, {
          requests: 3,
          prompt: `member prompt ${account.accountId}`,
        }),
      }
    : null;
  const userId = options.soleUser ? account.ownerId : account.memberId;
  const request = await submitMemberRequest(stack.database.db, {
    accountId: account.accountId,
    userId,
    type,
    jurisdiction,
    now: await serverNow(),
    ...(options.details ? { details: options.details } : {}),
  });
  await startDataSubjectRequestWorkflow(env.client, stack.database.db, stack.config, request);
  return { account, request, email: options.soleUser ? account.ownerEmail : account.memberEmail, userId, traffic };
}

for (const jurisdiction of ['gdpr', 'ccpa'] as const) {
  for (const type of ['access', 'export', 'restriction', 'objection'] as const) {
    test(`${jurisdiction.toUpperCase()} ${type}: due dates computed by the rules, answered on time with its evidence trail`, async () => {
      const { request, email, userId } = await memberRequest(type, jurisdiction);
      const expected = computeDeadlines(jurisdiction, request.received_at);
      assert.equal(request.legal_due_at.toISOString(), dueInstant(expected.legalDue).toISOString());
      assert.equal(request.promised_due_at.toISOString(), dueInstant(expected.promisedDue).toISOString());

      assert.equal(await result(request.id), 'answered');
      const row = await stack.database.db('data_subject_requests').where({ id: request.id }).first();
      assert.equal(row?.status, 'answered');
      assert.ok(
        row?.closed_at && row.closed_at.getTime() <= dueInstant(expected.workingDue).getTime(),
        'answered before the working due date',
      );
      const answer = await waitForMail(
        stack,
        (m) => m.to.includes(email) && m.subject.startsWith('Your privacy request'),
      );
      const actions = (await stack.database.db('audit_log').where({ target_id: request.id }).orderBy('id')).map(
        (a) => a.action,
      );
      assert.ok(
        actions.includes('dsr.submitted') &&
          actions.includes('dsr.acknowledged') &&
          actions.includes('dsr.data_gathered'),
      );
      assert.ok(actions.includes('dsr.answered') && actions.includes('dsr.closed'));
      if (type === 'access' || type === 'export') {
        assert.match(answer.text, /https?:\/\/\S+/);
      } else {
        const restriction = await stack.database
          .db('processing_restrictions')
          .where({ request_id: request.id })
          .first();
        assert.ok(restriction?.scope.includes('full_logging'));
        assert.ok(actions.includes('dsr.processors_notified'));
        if (type === 'objection') {
          const user = await stack.database.db('users').where({ id: userId }).first();
          assert.equal(user?.marketing_opt_out, true);
        }
      }
    });
  }
}

/** Reads the answer, then fetches the archive as its subject does: signed in, through a fresh link. */
async function answeredArchive(requestId: string, email: string) {
  const answer = await waitForMail(
    stack,
    (m) => m.to.includes(email) && m.subject === `Your privacy request ${requestId}`,
  );
  assert.ok(!/X-Amz-Signature/.test(answer.text), 'the e-mail carries no download link to the archive');
  const request = await stack.database.db('data_subject_requests').where({ id: requestId }).first();
  const exported = await stack.database.db('exports').where({ request_id: requestId }).first();
  const subject = await stack.database
    .db('users')
    .where({ id: request?.subject_user_id ?? '' })
    .first();
  const link = await issueExportDownloadLink(stack.deps, {
    exportId: exported?.id ?? '',
    reader: {
      accountId: exported?.account_id ?? '',
      userId: subject?.id ?? '',
      role: subject?.role === 'owner' ? 'owner' : 'member',
    },
  });
  return { answer, zip: await readZip(Buffer.from(await (await fetch(link.url)).arrayBuffer())) };
}

test("a member's access request on a two-user account is answered with none of the colleague's data and no full logs", async () => {
  const { request, email, account, traffic } = await memberRequest('access', 'gdpr', { traffic: true });
  if (!traffic) throw new Error('no traffic seeded');
  const { owner: colleague, member: own } = traffic;
  assert.equal(await result(request.id), 'answered');
  const { answer, zip } = await answeredArchive(request.id, email);
  assert.deepEqual([...zip.keys()].sort(), [
    'audit_log.csv',
    'audit_log.json',
    'manifest.json',
    'users.csv',
    'users.json',
  ]);
  assert.match(answer.text, /held for the account \(the controller\).*gateway_full_logs/s);
  const all = [...zip.values()].join('\n');
  for (const value of [
    account.ownerEmail,
    account.ownerId,
    colleague.prompt,
    colleague.apiKeyPrefix,
    ...colleague.requestIds,
    own.prompt,
  ])
    assert.ok(!all.includes(value), `the archive holds ${value}`);
  assert.ok(all.includes(email), "the subject's own data is there");
});

test("a sole user's GDPR export is a ZIP with every category, their full logs, and nothing of another account", async () => {
  const other = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 5 });
  const { request, email, account } = await memberRequest('export', 'gdpr', { soleUser: true });
  assert.equal(await result(request.id), 'answered');
  const { answer, zip } = await answeredArchive(request.id, email);
  for (const category of EXPORT_CATEGORIES) {
    assert.ok(zip.has(`${category}.json`) && zip.has(`${category}.csv`), `${category} present`);
  }
  assert.doesNotMatch(answer.text, /held for the account/);
  const sealed = (JSON.parse(zip.get('gateway_full_logs.json') ?? '[]') as unknown[]).map((row) =>
    exportedFullLogSchema.parse(row),
  );
  assert.equal(sealed.length, 4);
  const opened = await openExportedFullLogs(stack.database.db, stack.config.keys.master, {
    accountId: account.accountId,
    entries: sealed,
    actor: { actorType: 'user', actorId: request.subject_user_id },
  });
  assert.match(String(opened[0]?.prompt), new RegExp(`prompt from ${email}`));
  const all = [...zip.values()].join('\n');
  assert.ok(all.includes(account.accountId));
  assert.ok(!all.includes(other.accountId) && !all.includes(other.ownerEmail), 'nothing of another account');
});

test("erasing a member of a two-user account leaves the colleague and the account's logs, keys and data key", async () => {
  const { request, email, account, userId } = await memberRequest('erasure', 'gdpr', { traffic: true });
  const db = stack.database.db;
  await stateOf(request.id, 'awaiting-decision');
  await decideRequest(env.client, db, request.id, OPERATOR, { outcome: 'proceed', retain: [], basis: '' });
  assert.equal(await result(request.id), 'answered');
  await waitForMail(stack, (m) => m.to.includes(email) && /erased your personal data/.test(m.text));
  assert.equal(await db('users').where({ id: userId }).first(), undefined);
  assert.ok(await db('users').where({ id: account.ownerId }).first(), 'the colleague stays');
  const count = async (table: string) =>
    Number((await db(table).where({ account_id: account.accountId }).count({ n: '*' }))[0]?.n);
  assert.equal(await count('gateway_requests'), 18);
  assert.equal(await count('gateway_full_logs'), 10);
  assert.equal(await count('api_keys'), 3);
  const accountRow = await db('accounts').where({ id: account.accountId }).first();
  assert.ok(accountRow?.data_key_wrapped, 'the data key is not shredded');
  assert.equal(accountRow?.status, 'active');
  assert.ok(
    !stripeFake.requests.some((r) => r.method === 'DELETE' && r.path.includes(account.accountId.slice(0, 8))),
    "the account's Stripe customer stays",
  );
});

test('GDPR erasure: reminders and escalation at their simulated times, a late extension refused, and no personal data left', async () => {
  const { request, email, account, userId } = await memberRequest('erasure', 'gdpr', { soleUser: true });
  stripeFake.customers.add(`cus_${account.accountId.slice(0, 8)}`);
  await stack.database.db('export_schedules').insert({
    account_id: account.accountId,
    cron: '0 3 * * *',
    categories: ['gateway_requests'],
    created_by: userId,
  });
  await stateOf(request.id, 'awaiting-decision');
  const status = await requestWorkflowStatus(env.client, request.id);
  const due = Date.parse(status.dueAt);
  assert.equal(status.dueAt, dueInstant(computeDeadlines('gdpr', request.received_at).workingDue).toISOString());

  await env.sleep(due - 7 * DAY - (await env.currentTimeMs()) - HOUR);
  assert.equal((await requestWorkflowStatus(env.client, request.id)).state, 'awaiting-decision');
  assert.equal(teamMails(new RegExp(request.id)).length, 0, 'no reminder before seven days ahead');
  await env.sleep(2 * HOUR);
  await waitForMail(
    stack,
    (m) => m.subject === `Reminder: privacy request ${request.id} is due ${status.dueAt.slice(0, 10)}`,
  );

  await env.sleep(due - 1 * DAY - (await env.currentTimeMs()) - HOUR);
  await waitForMail(
    stack,
    (m) =>
      m.subject.startsWith('Reminder') &&
      m.subject.includes(request.id) &&
      teamMails(new RegExp(request.id)).length === 2,
  );
  assert.equal(
    teamMails(/ESCALATION/).filter((m) => m.subject.includes(request.id)).length,
    0,
    'no escalation before one day ahead',
  );
  await env.sleep(2 * HOUR);
  await waitForMail(stack, (m) => m.subject === `ESCALATION: privacy request ${request.id} is due within a day`);
  assert.deepEqual((await requestWorkflowStatus(env.client, request.id)).operatorAlerts, [
    'reminder-7d',
    'reminder-2d',
    'escalation',
  ]);

  // Past the legal month, GDPR no longer allows an extension.
  await env.sleep(Date.parse(status.legalDueAt) - (await env.currentTimeMs()) + DAY);
  const refused = await extendRequest(env.client, stack.database.db, request.id, OPERATOR, 'complex request');
  assert.equal(refused.allowed, false);
  assert.match(refused.reason ?? '', /first month/);

  await decideRequest(env.client, stack.database.db, request.id, OPERATOR, {
    outcome: 'proceed',
    retain: [],
    basis: '',
  });
  assert.equal(await result(request.id), 'answered');
  await waitForMail(stack, (m) => m.to.includes(email) && /erased your personal data/.test(m.text));

  // Nothing anywhere in the database still names the subject.
  const db = stack.database.db;
  const { rows: tables } = await db.raw<{ rows: Array<{ table_name: string }> }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'knex%'`,
  );
  for (const { table_name } of tables) {
    const { rows } = await db.raw<{ rows: Array<{ n: number }> }>(
      `select count(*)::int as n from ?? t where t::text ilike ?`,
      [table_name, `%${email}%`],
    );
    assert.equal(rows[0]?.n, 0, `${table_name} still holds the subject's e-mail`);
  }
  assert.equal(await db('users').where({ id: userId }).first(), undefined);
  assert.equal(
    Number((await db('gateway_full_logs').where({ account_id: account.accountId }).count({ n: '*' }))[0]?.n),
    0,
  );
  const accountRow = await db('accounts').where({ id: account.accountId }).first();
  assert.equal(accountRow?.data_key_wrapped, null, 'data key shredded');
  assert.equal(
    await db('export_schedules').where({ account_id: account.accountId }).first(),
    undefined,
    'no schedule goes on exporting the erased account',
  );
  assert.equal(accountRow?.stripe_customer_id, null);
  assert.ok(await db('audit_log').where({ action: 'dsr.erased', target_id: request.id }).first());
  // Art. 19: Stripe, which keeps its own copy of the billing contact, was told to erase it.
  assert.ok(
    stripeFake.requests.some(
      (r) => r.method === 'DELETE' && r.path === `/v1/customers/cus_${account.accountId.slice(0, 8)}`,
    ),
    'the Stripe customer is deleted',
  );
  assert.ok(!stripeFake.customers.has(`cus_${account.accountId.slice(0, 8)}`));
});

test('CCPA rectification: an extension within 45 days moves the due date to day 90, a second is refused, the correction applies', async () => {
  const { request, userId, account } = await memberRequest('rectification', 'ccpa', {
    details: { name: 'Corrected Name' },
  });
  const deadlines = computeDeadlines('ccpa', request.received_at);
  await stateOf(request.id, 'awaiting-decision');
  await env.sleep(20 * DAY);
  const extended = await extendRequest(
    env.client,
    stack.database.db,
    request.id,
    OPERATOR,
    'records held in several systems',
  );
  assert.deepEqual(extended, { allowed: true, dueAt: dueInstant(deadlines.extendedLegalDue).toISOString() });
  const status = await requestWorkflowStatus(env.client, request.id);
  assert.equal(status.extended, true);
  assert.equal(status.dueAt, dueInstant(deadlines.extendedLegalDue).toISOString());
  assert.equal((await extendRequest(env.client, stack.database.db, request.id, OPERATOR, 'again')).allowed, false);
  await waitForMail(
    stack,
    (m) => m.subject.includes('needs more time') && m.text.includes('records held in several systems'),
  );

  await decideRequest(env.client, stack.database.db, request.id, OPERATOR, {
    outcome: 'proceed',
    retain: [],
    basis: '',
  });
  const colleague = await stack.database.db('users').where({ id: account.ownerId }).first();
  assert.equal(await result(request.id), 'answered');
  const user = await stack.database.db('users').where({ id: userId }).first();
  assert.equal(user?.name, 'Corrected Name');
  assert.deepEqual(await stack.database.db('users').where({ id: account.ownerId }).first(), colleague);
});

test('a public request submitted by an older version, never verified, is closed when its link expires and loses its address', async () => {
  const { request } = await submitPublicRequest(stack.database.db, {
    email: 'stranger@example.test',
    type: 'access',
    jurisdiction: 'gdpr',
    verificationTtlHours: stack.config.privacy.verificationTtlHours,
    now: await serverNow(),
  });
  // Older versions put the submission on the audit trail and started the workflow at once.
  await stack.database.db.transaction((trx) =>
    recordAudit(trx, {
      actorType: 'subject',
      action: 'dsr.submitted',
      targetType: 'data_subject_request',
      targetId: request.id,
      summary: { type: 'access', jurisdiction: 'gdpr', channel: 'public' },
    }),
  );
  await startDataSubjectRequestWorkflow(env.client, stack.database.db, stack.config, request);
  await stateOf(request.id, 'awaiting-verification');
  await env.sleep(stack.config.privacy.verificationTtlHours * HOUR + HOUR);
  assert.equal(await result(request.id), 'expired');
  await waitForMail(stack, (m) => m.to.includes('stranger@example.test') && m.subject.includes('expired'));
  const row = await stack.database.db('data_subject_requests').where({ id: request.id }).first();
  assert.equal(row?.status, 'expired');
  assert.match(row?.closing_reason ?? '', /verification link expired/);
  assert.equal(row?.subject_email, null, 'the unconfirmed address is not kept');
  assert.equal(row?.verification_token_hash, null);
  assert.ok(await stack.database.db('audit_log').where({ action: 'dsr.expired', target_id: request.id }).first());
});

test('a public request is on the audit trail only from its verification, then proceeds and releases data', async () => {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 3 });
  const { request, token } = await submitPublicRequest(stack.database.db, {
    email: account.memberEmail.toUpperCase(),
    type: 'access',
    jurisdiction: 'ccpa',
    verificationTtlHours: 72,
    now: await serverNow(),
  });
  const trail = async () =>
    (await stack.database.db('audit_log').where({ target_id: request.id }).orderBy('id')).map((a) => a.action);
  assert.deepEqual(await trail(), [], 'nothing on the audit trail before verification');
  const verified = await verifyRequestToken(stack.database.db, token, new Date());
  assert.equal(verified.verified, true);
  assert.deepEqual(await verifyRequestToken(stack.database.db, token, new Date()), {
    verified: false,
    reason: 'already-verified',
  });
  assert.deepEqual(await trail(), ['dsr.submitted', 'dsr.verified'], 'the trail starts with the submission');
  const submitted = await stack.database
    .db('audit_log')
    .where({ action: 'dsr.submitted', target_id: request.id })
    .first();
  assert.equal(submitted?.account_id, account.accountId);
  assert.deepEqual(submitted?.summary, {
    type: 'access',
    jurisdiction: 'ccpa',
    channel: 'public',
    receivedAt: request.received_at.toISOString(),
  });
  if (verified.verified)
    await startDataSubjectRequestWorkflow(env.client, stack.database.db, stack.config, verified.request);
  assert.equal(await result(request.id), 'answered');
  assert.deepEqual(await trail(), [
    'dsr.submitted',
    'dsr.verified',
    'dsr.acknowledged',
    'dsr.data_gathered',
    'dsr.answered',
    'dsr.closed',
  ]);
  const exported = await stack.database.db('exports').where({ request_id: request.id }).first();
  assert.equal(exported?.account_id, account.accountId);
  assert.equal(exported?.status, 'completed');
});

test("a public subject's answer carries no archive link, only a token that issues short-lived links", async () => {
  const account = await seedAccount(stack.database.db, stack.config.keys.master, { requests: 2 });
  const { request, token } = await submitPublicRequest(stack.database.db, {
    email: account.memberEmail,
    type: 'export',
    jurisdiction: 'gdpr',
    verificationTtlHours: 72,
    now: await serverNow(),
  });
  const verified = await verifyRequestToken(stack.database.db, token, new Date());
  if (!verified.verified) throw new Error(`not verified: ${verified.reason}`);
  await startDataSubjectRequestWorkflow(env.client, stack.database.db, stack.config, verified.request);
  assert.equal(await result(request.id), 'answered');
  const answer = await waitForMail(
    stack,
    (m) => m.to.includes(account.memberEmail) && m.subject === `Your privacy request ${request.id}`,
  );
  assert.ok(!/X-Amz-Signature/.test(answer.text), 'no archive link in the e-mail');
  const downloadToken = /\/privacy\/export#token=([\w-]+)/.exec(answer.text)?.[1] ?? '';
  assert.ok(downloadToken.length >= 40);
  const link = await issueSubjectExportDownloadLink(stack.deps, { token: downloadToken });
  assert.match(link.url, /X-Amz-Expires=3600(&|$)/);
  assert.equal((await fetch(link.url)).status, 200);
});
