import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertApiError, countRows, startTestApi, type TestAccount, type TestApi } from '../support/api';

let api: TestApi;
let account: TestAccount;

interface DryRun {
  verdict: string;
  matchedRuleIds: string[];
  redacted: boolean;
  redactedMessages: Array<{ role: string; content: string }>;
}

const sample = (content: string, model = 'gpt-4o') => ({ model, messages: [{ role: 'user', content }] });

before(async () => {
  api = await startTestApi();
  account = await api.createAccount();
  const created = await api.request('POST', '/v1/policies', {
    token: account.owner.token,
    body: {
      name: 'default',
      rules: [
        { id: 'deny-old', type: 'model', mode: 'deny', models: ['gpt-3*'] },
        { id: 'emails', type: 'pii', entities: ['EMAIL'], action: 'redact' },
      ],
    },
  });
  assert.equal(created.status, 201);
});

after(async () => {
  await api?.close();
});

test("without rules, the dry run evaluates the account's active policies with the gateway's evaluate", async () => {
  const redact = await api.request<DryRun>('POST', '/v1/policies/dry-run', {
    token: account.owner.token,
    body: { request: sample('mail ada@example.com please') },
  });
  assert.equal(redact.status, 200, redact.text);
  assert.equal(redact.body.verdict, 'ALLOW');
  assert.deepEqual(redact.body.matchedRuleIds, ['emails']);
  assert.equal(redact.body.redacted, true);
  assert.doesNotMatch(redact.body.redactedMessages[0]?.content ?? '', /ada@example\.com/);
  const blocked = await api.request<DryRun>('POST', '/v1/policies/dry-run', {
    token: account.owner.token,
    body: { request: sample('hi', 'gpt-3.5-turbo') },
  });
  assert.deepEqual([blocked.body.verdict, blocked.body.matchedRuleIds], ['BLOCK', ['deny-old']]);
});

test('with draft rules, the dry run evaluates those and stores nothing', async () => {
  const before = await countRows(api, 'policy_versions');
  const response = await api.request<DryRun>('POST', '/v1/policies/dry-run', {
    token: account.owner.token,
    body: {
      rules: [{ id: 'no-secrets', type: 'keyword', keywords: ['password'], action: 'block' }],
      request: sample('my Password is x'),
    },
  });
  assert.deepEqual(
    [response.body.verdict, response.body.matchedRuleIds, response.body.redacted],
    ['BLOCK', ['no-secrets'], false],
  );
  assert.equal(await countRows(api, 'policy_versions'), before);
});

test('invalid rules or sample requests are a 400', async () => {
  const token = account.owner.token;
  assertApiError(
    await api.request('POST', '/v1/policies/dry-run', { token, body: { request: { model: 'x', messages: [] } } }),
    400,
    'BAD_REQUEST',
  );
  assertApiError(
    await api.request('POST', '/v1/policies/dry-run', {
      token,
      body: { rules: [{ id: 'r', type: 'regex', pattern: '(', action: 'block' }], request: sample('x') },
    }),
    400,
    'BAD_REQUEST',
  );
});

test("no session is a 401, and another account's policies never apply to the caller's dry run", async () => {
  assertApiError(
    await api.request('POST', '/v1/policies/dry-run', { body: { request: sample('x') } }),
    401,
    'UNAUTHORIZED',
  );
  const other = await api.createAccount();
  const member = await api.createUser(other.accountId, 'member');
  const response = await api.request<DryRun>('POST', '/v1/policies/dry-run', {
    token: member.token,
    body: { request: sample('ada@example.com', 'gpt-3.5') },
  });
  assert.deepEqual([response.body.verdict, response.body.matchedRuleIds], ['ALLOW', []]);
});
