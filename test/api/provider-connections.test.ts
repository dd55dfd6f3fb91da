import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { unwrapDataKey } from '../../platform/crypto/envelope';
import { openProviderKey } from '../../platform/provider-connections/sealed-provider-keys';
import { assertApiError, countRows, startTestApi, type TestAccount, type TestApi } from '../support/api';

interface Connection {
  id: string;
  name: string;
  kind: string;
  baseUrl: string;
  models: string[];
  apiKeyLast4: string | null;
  keyRotatedAt: string | null;
}

let api: TestApi;
let account: TestAccount;
let other: TestAccount;

before(async () => {
  // As in production: no private networks, one public host allowed by name and one private range by CIDR.
  api = await startTestApi({
    env: { PROVIDER_ALLOW_PRIVATE_NETWORKS: 'false', PROVIDER_ALLOWED_HOSTS: 'api.openai.com,10.20.0.0/16' },
  });
  account = await api.createAccount();
  other = await api.createAccount();
});

after(async () => {
  await api?.close();
});

const OPENAI_KEY = 'sk-proj-canary-openai-0123456789-WXYZ';

async function connect(token: string, body: Record<string, unknown>): Promise<Connection> {
  const response = await api.request<{ connection: Connection }>('POST', '/v1/provider-connections', { token, body });
  assert.equal(response.status, 201, response.text);
  return response.body.connection;
}

async function sealedKeyOf(connectionId: string, accountId: string): Promise<string> {
  const db = api.stack.database.db;
  const row = await db('provider_connections').where({ id: connectionId }).first();
  const accountRow = await db('accounts').where({ id: accountId }).first();
  assert.ok(row?.api_key_sealed && accountRow?.data_key_wrapped);
  const dataKey = unwrapDataKey(api.stack.config.keys.master, accountId, accountRow.data_key_wrapped);
  return openProviderKey(dataKey, accountId, connectionId, row.api_key_sealed);
}

describe('provider connections through the API', () => {
  test('a connection is created with its kind’s base URL, its key sealed under the account key and shown by its last four', async () => {
    const created = await api.request<{ connection: Connection }>('POST', '/v1/provider-connections', {
      token: account.owner.token,
      body: { name: 'openai-prod', kind: 'openai', apiKey: OPENAI_KEY, models: ['gpt-4o', 'gpt-4.1*'] },
    });
    assert.equal(created.status, 201, created.text);
    const connection = created.body.connection;
    assert.equal(connection.baseUrl, 'https://api.openai.com/v1');
    assert.equal(connection.apiKeyLast4, 'WXYZ');
    assert.deepEqual(connection.models, ['gpt-4o', 'gpt-4.1*']);
    assert.ok(!created.text.includes(OPENAI_KEY.slice(0, -4)));
    assert.equal(await sealedKeyOf(connection.id, account.accountId), OPENAI_KEY);
    const entry = await api.stack.database
      .db('audit_log')
      .where({ action: 'provider_connection.created', target_id: connection.id })
      .first();
    assert.deepEqual(entry?.summary, { kind: 'openai', host: 'api.openai.com', models: 2 });
  });

  test('listing and reading a connection show the key’s last four characters and never the key', async () => {
    const connection = await connect(account.owner.token, {
      name: 'anthropic',
      kind: 'anthropic',
      baseUrl: 'https://1.1.1.1',
      apiKey: 'sk-ant-canary-list-1234',
    });
    const list = await api.request<{ connections: Connection[] }>('GET', '/v1/provider-connections', {
      token: account.owner.token,
    });
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.connections.find((c) => c.id === connection.id),
      { ...connection },
    );
    assert.equal(connection.apiKeyLast4, '1234');
    assert.deepEqual(connection.models, ['claude*']);
    const one = await api.request<{ connection: Connection }>('GET', `/v1/provider-connections/${connection.id}`, {
      token: account.owner.token,
    });
    assert.deepEqual(one.body.connection, connection);
    for (const text of [list.text, one.text]) assert.ok(!text.includes('sk-ant-canary-list'));
  });

  test('rotating a key replaces the sealed key and its last four, audited once', async () => {
    const connection = await connect(account.owner.token, {
      name: 'to-rotate',
      kind: 'azure-openai',
      baseUrl: 'https://1.1.1.1/openai/v1',
      apiKey: 'azure-old-key-AAAA',
    });
    const rotated = await api.request<{ connection: Connection }>(
      'POST',
      `/v1/provider-connections/${connection.id}/rotate-key`,
      { token: account.owner.token, body: { apiKey: 'azure-new-key-BBBB' } },
    );
    assert.equal(rotated.status, 200, rotated.text);
    assert.equal(rotated.body.connection.apiKeyLast4, 'BBBB');
    assert.ok(rotated.body.connection.keyRotatedAt);
    assert.equal(await sealedKeyOf(connection.id, account.accountId), 'azure-new-key-BBBB');
    assert.equal(
      await countRows(api, 'audit_log', { action: 'provider_connection.key_rotated', target_id: connection.id }),
      1,
    );
  });

  test('deleting a connection removes it and is audited; a second delete is a 404', async () => {
    const connection = await connect(account.owner.token, {
      name: 'to-delete',
      kind: 'openai-compatible',
      baseUrl: 'http://10.20.3.4:8000/v1',
    });
    assert.equal(connection.apiKeyLast4, null);
    const deleted = await api.request('DELETE', `/v1/provider-connections/${connection.id}`, {
      token: account.owner.token,
    });
    assert.equal(deleted.status, 204);
    assert.equal(await countRows(api, 'provider_connections', { id: connection.id }), 0);
    assert.equal(
      await countRows(api, 'audit_log', { action: 'provider_connection.deleted', target_id: connection.id }),
      1,
    );
    assertApiError(
      await api.request('DELETE', `/v1/provider-connections/${connection.id}`, { token: account.owner.token }),
      404,
      'NOT_FOUND',
    );
  });

  test('another account’s connection cannot be read, rotated or deleted', async () => {
    const connection = await connect(other.owner.token, {
      name: 'theirs',
      kind: 'openai',
      apiKey: 'sk-theirs-9999',
    });
    const token = account.owner.token;
    const path = `/v1/provider-connections/${connection.id}`;
    assertApiError(await api.request('GET', path, { token }), 404, 'NOT_FOUND');
    assertApiError(
      await api.request('POST', `${path}/rotate-key`, { token, body: { apiKey: 'sk-mine-0000' } }),
      404,
      'NOT_FOUND',
    );
    assertApiError(await api.request('DELETE', path, { token }), 404, 'NOT_FOUND');
    assert.equal(await sealedKeyOf(connection.id, other.accountId), 'sk-theirs-9999');
  });

  test('members may not see or change connections', async () => {
    const member = await api.createUser(account.accountId, 'member');
    assertApiError(await api.request('GET', '/v1/provider-connections', { token: member.token }), 403, 'FORBIDDEN');
    assertApiError(
      await api.request('POST', '/v1/provider-connections', {
        token: member.token,
        body: { name: 'x', kind: 'openai', apiKey: 'sk-x' },
      }),
      403,
      'FORBIDDEN',
    );
    assertApiError(await api.request('GET', '/v1/provider-connections'), 401, 'UNAUTHORIZED');
  });

  test('a connection without the base URL or key its kind needs, or with a bad model pattern, is a 400', async () => {
    const before = await countRows(api, 'provider_connections');
    for (const body of [
      { name: 'azure', kind: 'azure-openai', apiKey: 'k' },
      { name: 'anthropic-nokey', kind: 'anthropic' },
      { name: 'models', kind: 'openai', apiKey: 'k', models: ['gpt-*-mini'] },
      { name: 'scheme', kind: 'openai-compatible', baseUrl: 'ftp://1.1.1.1/v1' },
      { name: 'creds', kind: 'openai-compatible', baseUrl: 'https://user:pw@1.1.1.1/v1' },
      { name: '', kind: 'openai', apiKey: 'k' },
      { name: 'kind', kind: 'bedrock', apiKey: 'k' },
    ]) {
      const response = await api.request('POST', '/v1/provider-connections', { token: account.owner.token, body });
      assertApiError(response, 400, 'BAD_REQUEST');
    }
    assert.equal(await countRows(api, 'provider_connections'), before);
  });

  test('a second connection of the same name is a 409', async () => {
    await connect(account.owner.token, { name: 'dup', kind: 'openai', apiKey: 'sk-dup-1' });
    assertApiError(
      await api.request('POST', '/v1/provider-connections', {
        token: account.owner.token,
        body: { name: 'dup', kind: 'openai', apiKey: 'sk-dup-2' },
      }),
      409,
      'CONFLICT',
    );
  });
});

describe('the SSRF guard on base URLs', () => {
  for (const baseUrl of [
    'http://127.0.0.1:8090/v1',
    'http://10.0.0.7/v1',
    'http://169.254.169.254/latest',
    'http://[::1]:8000/v1',
    'http://[::ffff:127.0.0.1]/v1',
    'http://[::ffff:a9fe:a9fe]/v1',
    'http://[fd00::1]/v1',
    'http://[fe80::1]/v1',
    'http://192.168.1.10/v1',
    'http://2130706433/v1',
    'http://localhost:8000/v1',
  ]) {
    test(`${baseUrl} is refused with a 400 and nothing is stored`, async () => {
      const before = await countRows(api, 'provider_connections');
      const response = await api.request('POST', '/v1/provider-connections', {
        token: account.owner.token,
        body: { name: `ssrf-${before}`, kind: 'openai-compatible', baseUrl },
      });
      assertApiError(response, 400, 'BAD_REQUEST');
      assert.match(response.text, /not reachable from here/);
      assert.equal(await countRows(api, 'provider_connections'), before);
    });
  }

  test('a private range the operator allows is accepted', async () => {
    const connection = await connect(account.owner.token, {
      name: 'vllm',
      kind: 'openai-compatible',
      baseUrl: 'http://10.20.0.9:8000/v1/',
    });
    assert.equal(connection.baseUrl, 'http://10.20.0.9:8000/v1');
  });
});
