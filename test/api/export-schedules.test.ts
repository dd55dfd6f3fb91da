import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Client } from '@temporalio/client';
import { pino } from 'pino';
import { scheduleIds } from '../../temporal.config';
import { createTemporalClient, registerSearchAttributes } from '../../platform/temporal/connection';
import { freePort, startTemporalDevServer, tempDir, type LocalService } from '../../scripts/local-services';
import { assertApiError, startTestApi, type TestApi } from '../support/api';

let devServer: LocalService;
let client: Client;
let api: TestApi;

before(async () => {
  devServer = await startTemporalDevServer({
    port: await freePort(),
    uiPort: await freePort(),
    dbFile: path.join(tempDir('temporal'), 'temporal.db'),
    namespace: 'default',
  });
  api = await startTestApi({ temporal: () => Promise.resolve(client) });
  client = await createTemporalClient({ ...api.stack.config.temporal, address: devServer.url, namespace: 'default' });
  await registerSearchAttributes(client, 'default', pino({ level: 'silent' }));
});

after(async () => {
  await client?.connection.close();
  await api?.close();
  await devServer?.stop();
});

test('owners create, list, pause, resume and delete export schedules; members and other accounts cannot', async () => {
  const account = await api.createAccount();
  const member = await api.createUser(account.accountId, 'member');
  const other = await api.createAccount();

  assertApiError(
    await api.request('POST', '/v1/export-schedules', { token: member.token, body: { cron: '0 3 * * 1' } }),
    403,
    'FORBIDDEN',
  );
  assertApiError(
    await api.request('POST', '/v1/export-schedules', { token: account.owner.token, body: { cron: 'weekly' } }),
    400,
    'BAD_REQUEST',
  );
  const created = await api.request<{ id: string; categories: string[]; paused: boolean }>(
    'POST',
    '/v1/export-schedules',
    {
      token: account.owner.token,
      body: { cron: '0 3 * * 1', categories: ['audit_log'] },
    },
  );
  assert.equal(created.status, 201);
  assert.deepEqual(created.body.categories, ['audit_log']);
  const handle = client.schedule.getHandle(scheduleIds.scheduledExport(created.body.id));
  assert.equal((await handle.describe()).state.paused, false);

  const listed = await api.request<{ schedules: Array<{ id: string }> }>('GET', '/v1/export-schedules', {
    token: account.owner.token,
  });
  assert.deepEqual(
    listed.body.schedules.map((s) => s.id),
    [created.body.id],
  );
  assert.deepEqual(
    (await api.request<{ schedules: unknown[] }>('GET', '/v1/export-schedules', { token: other.owner.token })).body
      .schedules,
    [],
  );

  const paused = await api.request<{ paused: boolean }>('POST', `/v1/export-schedules/${created.body.id}/pause`, {
    token: account.owner.token,
  });
  assert.equal(paused.body.paused, true);
  assert.equal((await handle.describe()).state.paused, true);
  assertApiError(
    await api.request('POST', `/v1/export-schedules/${created.body.id}/resume`, { token: other.owner.token }),
    404,
    'NOT_FOUND',
  );
  assert.equal(
    (
      await api.request<{ paused: boolean }>('POST', `/v1/export-schedules/${created.body.id}/resume`, {
        token: account.owner.token,
      })
    ).body.paused,
    false,
  );

  assertApiError(
    await api.request('DELETE', `/v1/export-schedules/${created.body.id}`, { token: other.owner.token }),
    404,
    'NOT_FOUND',
  );
  assert.equal(
    (await api.request('DELETE', `/v1/export-schedules/${created.body.id}`, { token: account.owner.token })).status,
    204,
  );
  await assert.rejects(handle.describe());
});
