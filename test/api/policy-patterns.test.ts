import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { performance } from 'node:perf_hooks';
import { assertApiError, countRows, startTestApi, type TestAccount, type TestApi } from '../support/api';

let api: TestApi;
let account: TestAccount;

/** Backtracking takes 2^n steps on these near-misses (32 characters ran past 20 s); RE2 reads 200,000 in milliseconds. */
const LINEAR_BOUND_MS = 2_000;

before(async () => {
  api = await startTestApi();
  account = await api.createAccount();
});

after(async () => {
  await api?.close();
});

test('a policy whose regex needs backtracking is refused with a 400 naming the rule, and nothing is stored', async () => {
  const before = await countRows(api, 'policy_versions');
  const response = await api.request<{ error: { message: string } }>('POST', '/v1/policies', {
    token: account.owner.token,
    body: { name: 'echo', rules: [{ id: 'repeated-word', type: 'regex', pattern: '(\\w+) \\1', action: 'block' }] },
  });
  assertApiError(response, 400, 'BAD_REQUEST');
  assert.match(response.body.error.message, /rule "repeated-word": cannot run in linear time/);
  assert.equal(await countRows(api, 'policy_versions'), before);
});

test('a dry run with lookaround is refused with a 400 naming the rule', async () => {
  const response = await api.request<{ error: { message: string } }>('POST', '/v1/policies/dry-run', {
    token: account.owner.token,
    body: {
      rules: [{ id: 'not-after-a', type: 'regex', pattern: '(?<!a)b', action: 'block' }],
      request: { model: 'gpt-4o', messages: [{ role: 'user', content: 'b' }] },
    },
  });
  assertApiError(response, 400, 'BAD_REQUEST');
  assert.match(response.body.error.message, /rule "not-after-a"/);
});

test('catastrophic patterns and globs are accepted and dry-run in linear time', async () => {
  const rules = [
    { id: 'nested', type: 'regex', pattern: '^(a+)+$', action: 'block' },
    { id: 'overlap', type: 'regex', pattern: '(x+x+)+y', action: 'block' },
    { id: 'alternation', type: 'regex', pattern: '(a|a)*b', action: 'block' },
    { id: 'stars', type: 'model', mode: 'deny', models: ['*a*a*a*a*a*a*b'] },
  ];
  const created = await api.request('POST', '/v1/policies', {
    token: account.owner.token,
    body: { name: 'hostile', rules },
  });
  assert.equal(created.status, 201, created.text);
  const started = performance.now();
  const response = await api.request<{ verdict: string; matchedRuleIds: string[] }>('POST', '/v1/policies/dry-run', {
    token: account.owner.token,
    body: {
      rules,
      request: {
        model: 'a'.repeat(200),
        messages: [
          { role: 'user', content: `${'a'.repeat(199_999)}!` },
          { role: 'user', content: 'x'.repeat(199_999) },
        ],
      },
    },
  });
  const ms = performance.now() - started;
  assert.equal(response.status, 200, response.text);
  assert.deepEqual(response.body.matchedRuleIds, []);
  assert.ok(ms < LINEAR_BOUND_MS, `the dry run took ${ms.toFixed(0)} ms`);
});
