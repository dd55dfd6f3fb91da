import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertApiError, countRows, startTestApi, type TestAccount, type TestApi } from '../support/api';

interface Alias {
  id: string;
  name: string;
  description: string | null;
  retries: number;
  targets: Array<{ connectionId: string; model: string; priority: number; weight: number }>;
}

let api: TestApi;
let account: TestAccount;
let other: TestAccount;
let primary: string;
let backup: string;
let othersConnection: string;

async function connect(token: string, name: string): Promise<string> {
  const response = await api.request<{ connection: { id: string } }>('POST', '/v1/provider-connections', {
    token,
    body: { name, kind: 'openai', baseUrl: 'https://1.1.1.1/v1', apiKey: `sk-${name}-0000` },
  });
  assert.equal(response.status, 201, response.text);
  return response.body.connection.id;
}

async function createAlias(body: Record<string, unknown>): Promise<Alias> {
  const response = await api.request<{ alias: Alias }>('POST', '/v1/model-aliases', {
    token: account.owner.token,
    body,
  });
  assert.equal(response.status, 201, response.text);
  return response.body.alias;
}

before(async () => {
  api = await startTestApi();
  account = await api.createAccount();
  other = await api.createAccount();
  primary = await connect(account.owner.token, 'primary');
  backup = await connect(account.owner.token, 'backup');
  othersConnection = await connect(other.owner.token, 'theirs');
});

after(async () => {
  await api?.close();
});

describe('model aliases through the API', () => {
  test('an alias is created with its targets in order, defaults filled in, and audited once', async () => {
    const alias = await createAlias({
      name: 'smart',
      targets: [
        { connectionId: primary, model: 'gpt-4o', weight: 3 },
        { connectionId: backup, model: 'gpt-4o-mini', priority: 1 },
      ],
    });
    assert.equal(alias.retries, 2);
    assert.deepEqual(alias.targets, [
      { connectionId: primary, model: 'gpt-4o', priority: 0, weight: 3 },
      { connectionId: backup, model: 'gpt-4o-mini', priority: 1, weight: 1 },
    ]);
    const entries = await api.stack.database
      .db('audit_log')
      .where({ action: 'model_alias.created', target_id: alias.id })
      .select('summary', 'actor_id');
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.actor_id, account.owner.userId);
    assert.equal((entries[0]?.summary as { name: string }).name, 'smart');
  });

  test('listing and reading show the account’s aliases and nobody else’s', async () => {
    const mine = await createAlias({ name: 'listed', targets: [{ connectionId: primary, model: 'gpt-4o' }] });
    const theirs = await api.request<{ alias: Alias }>('POST', '/v1/model-aliases', {
      token: other.owner.token,
      body: { name: 'listed', targets: [{ connectionId: othersConnection, model: 'gpt-4o' }] },
    });
    assert.equal(theirs.status, 201, theirs.text);
    const list = await api.request<{ aliases: Alias[] }>('GET', '/v1/model-aliases', { token: account.owner.token });
    assert.equal(list.status, 200);
    assert.ok(list.body.aliases.some((a) => a.id === mine.id));
    assert.ok(!list.body.aliases.some((a) => a.id === theirs.body.alias.id));
    const read = await api.request<{ alias: Alias }>('GET', `/v1/model-aliases/${mine.id}`, {
      token: account.owner.token,
    });
    assert.deepEqual(read.body.alias.targets, mine.targets);
    assertApiError(
      await api.request('GET', `/v1/model-aliases/${theirs.body.alias.id}`, { token: account.owner.token }),
      404,
      'NOT_FOUND',
    );
  });

  test('an update replaces the targets and retries, audited with what changed', async () => {
    const alias = await createAlias({ name: 'updated', targets: [{ connectionId: primary, model: 'gpt-4o' }] });
    const response = await api.request<{ alias: Alias }>('PATCH', `/v1/model-aliases/${alias.id}`, {
      token: account.owner.token,
      body: { retries: 0, targets: [{ connectionId: backup, model: 'gpt-4.1' }] },
    });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.alias.retries, 0);
    assert.deepEqual(response.body.alias.targets, [{ connectionId: backup, model: 'gpt-4.1', priority: 0, weight: 1 }]);
    const entry = await api.stack.database
      .db('audit_log')
      .where({ action: 'model_alias.updated', target_id: alias.id })
      .first('summary');
    assert.deepEqual((entry?.summary as { changed: string[] }).changed, ['retries', 'targets']);
  });

  test('deleting an alias removes it and its targets, audited; a second delete is a 404', async () => {
    const alias = await createAlias({ name: 'deleted', targets: [{ connectionId: primary, model: 'gpt-4o' }] });
    const path = `/v1/model-aliases/${alias.id}`;
    assert.equal((await api.request('DELETE', path, { token: account.owner.token })).status, 204);
    assert.equal(await countRows(api, 'model_alias_targets', { alias_id: alias.id }), 0);
    assert.equal(await countRows(api, 'audit_log', { action: 'model_alias.deleted', target_id: alias.id }), 1);
    assertApiError(await api.request('DELETE', path, { token: account.owner.token }), 404, 'NOT_FOUND');
  });

  test('a target naming another account’s connection is a 400 and stores nothing', async () => {
    const before = await countRows(api, 'model_aliases');
    const response = await api.request('POST', '/v1/model-aliases', {
      token: account.owner.token,
      body: { name: 'stolen', targets: [{ connectionId: othersConnection, model: 'gpt-4o' }] },
    });
    assertApiError(response, 400, 'BAD_REQUEST');
    assert.match(response.text, /target 1 names no provider connection of this account/);
    assert.equal(await countRows(api, 'model_aliases'), before);
  });

  test('a target naming a connection that does not exist is a 400, on create and on update', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    assertApiError(
      await api.request('POST', '/v1/model-aliases', {
        token: account.owner.token,
        body: {
          name: 'ghost',
          targets: [
            { connectionId: primary, model: 'a' },
            { connectionId: missing, model: 'b' },
          ],
        },
      }),
      400,
      'BAD_REQUEST',
    );
    const alias = await createAlias({ name: 'kept', targets: [{ connectionId: primary, model: 'gpt-4o' }] });
    assertApiError(
      await api.request('PATCH', `/v1/model-aliases/${alias.id}`, {
        token: account.owner.token,
        body: { targets: [{ connectionId: missing, model: 'gpt-4o' }] },
      }),
      400,
      'BAD_REQUEST',
    );
    const read = await api.request<{ alias: Alias }>('GET', `/v1/model-aliases/${alias.id}`, {
      token: account.owner.token,
    });
    assert.deepEqual(read.body.alias.targets, alias.targets);
  });

  test('malformed aliases are a 400 and store nothing', async () => {
    const before = await countRows(api, 'model_aliases');
    for (const body of [
      { name: 'no-targets', targets: [] },
      { name: 'pattern*', targets: [{ connectionId: primary, model: 'gpt-4o' }] },
      { name: 'bad-model', targets: [{ connectionId: primary, model: 'gpt 4o' }] },
      { name: 'zero-weight', targets: [{ connectionId: primary, model: 'gpt-4o', weight: 0 }] },
      { name: 'retries', retries: 9, targets: [{ connectionId: primary, model: 'gpt-4o' }] },
      {
        name: 'twice',
        targets: [
          { connectionId: primary, model: 'gpt-4o' },
          { connectionId: primary, model: 'gpt-4o' },
        ],
      },
      { name: 'not-a-uuid', targets: [{ connectionId: 'primary', model: 'gpt-4o' }] },
    ])
      assertApiError(
        await api.request('POST', '/v1/model-aliases', { token: account.owner.token, body }),
        400,
        'BAD_REQUEST',
      );
    assert.equal(await countRows(api, 'model_aliases'), before);
  });

  test('a second alias of the same name is a 409', async () => {
    await createAlias({ name: 'twin', targets: [{ connectionId: primary, model: 'gpt-4o' }] });
    assertApiError(
      await api.request('POST', '/v1/model-aliases', {
        token: account.owner.token,
        body: { name: 'twin', targets: [{ connectionId: backup, model: 'gpt-4o' }] },
      }),
      409,
      'CONFLICT',
    );
  });

  test('deleting a connection removes the targets that name it', async () => {
    const doomed = await connect(account.owner.token, 'doomed');
    const alias = await createAlias({
      name: 'orphaned',
      targets: [
        { connectionId: doomed, model: 'gpt-4o' },
        { connectionId: primary, model: 'gpt-4o' },
      ],
    });
    const deleted = await api.request('DELETE', `/v1/provider-connections/${doomed}`, { token: account.owner.token });
    assert.equal(deleted.status, 204);
    const read = await api.request<{ alias: Alias }>('GET', `/v1/model-aliases/${alias.id}`, {
      token: account.owner.token,
    });
    assert.deepEqual(
      read.body.alias.targets.map((t) => t.connectionId),
      [primary],
    );
  });

  test('members and anonymous callers may not see or change aliases', async () => {
    const member = await api.createUser(account.accountId, 'member');
    assertApiError(await api.request('GET', '/v1/model-aliases', { token: member.token }), 403, 'FORBIDDEN');
    assertApiError(
      await api.request('POST', '/v1/model-aliases', {
        token: member.token,
        body: { name: 'member', targets: [{ connectionId: primary, model: 'gpt-4o' }] },
      }),
      403,
      'FORBIDDEN',
    );
    assertApiError(await api.request('GET', '/v1/model-aliases'), 401, 'UNAUTHORIZED');
  });
});
