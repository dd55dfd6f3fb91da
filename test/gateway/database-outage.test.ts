import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDatabase } from '../../platform/database/database';
import {
  createAccountWithKey,
  eventually,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';
import { startTcpForwarder, type TcpForwarder } from './support/tcp-forwarder';

describe('metadata logging while Postgres is down', () => {
  let fx: GatewayFixture;
  let forwarder: TcpForwarder;
  let account: TestAccount;

  before(async () => {
    const adminUrl = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL ?? '');
    forwarder = await startTcpForwarder({ host: adminUrl.hostname, port: Number(adminUrl.port || 5432) });
    fx = await startGatewayFixture({
      // Generous: this test is about the database, not upstream timeouts, and must not flake on a busy machine.
      env: { UPSTREAM_TIMEOUT_MS: '10000' },
      gatewayDatabase: (url) => {
        const viaForwarder = new URL(url);
        viaForwarder.hostname = '127.0.0.1';
        viaForwarder.port = String(forwarder.port);
        return createDatabase({ url: viaForwarder.toString(), poolMax: 4, applicationName: 'autrace-gateway-test' });
      },
    });
    account = await createAccountWithKey(fx.database.db, fx.config);
  });

  after(async () => {
    await fx.close();
    await forwarder.close();
  });

  async function send(i: number): Promise<string> {
    const response = await fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'fake-chat',
        stream: i % 2 === 0,
        messages: [{ role: 'user', content: `request ${i}` }],
      }),
    });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const id = response.headers.get('x-request-id');
    assert.ok(id);
    return id;
  }

  test('proxying continues, rows wait in the spool, and each lands exactly once when Postgres is back', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await send(i));

    forwarder.cut();
    for (let round = 0; round < 6; round++)
      ids.push(...(await Promise.all([0, 1, 2, 3, 4].map((k) => send(100 + round * 5 + k)))));
    await eventually(() => Promise.resolve(fx.gateway.app.writer.spoolDepth > 0));
    const health = (await (await fetch(`${fx.gateway.metricsUrl}/metrics`)).text()).match(
      /autrace_gateway_spool_depth (\d+)/,
    );
    assert.ok(Number(health?.[1]) > 0);

    forwarder.restore();
    const rows = await eventually(async () => {
      const found = await fx.database
        .db('gateway_requests')
        .where({ account_id: account.accountId })
        .select<Array<{ id: string }>>('id');
      return found.length >= ids.length && fx.gateway.app.writer.spoolDepth === 0 ? found : undefined;
    }, 20_000);
    assert.equal(rows.length, ids.length, 'no row lost, none duplicated');
    assert.deepEqual(new Set(rows.map((r) => r.id)), new Set(ids));
  });
});
