import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDatabase } from '../../platform/database/database';
import { createAccountWithKey, startGatewayFixture, type GatewayFixture } from './support/gateway-fixture';
import { startTcpForwarder, type TcpForwarder } from './support/tcp-forwarder';

const MAX_STALE_MS = 1_500;

describe('how long a cached key is served while Postgres does not answer', () => {
  let fx: GatewayFixture;
  let forwarder: TcpForwarder;

  before(async () => {
    const adminUrl = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? process.env.DATABASE_URL ?? '');
    forwarder = await startTcpForwarder({ host: adminUrl.hostname, port: Number(adminUrl.port || 5432) });
    fx = await startGatewayFixture({
      env: { GATEWAY_KEY_MAX_STALE_MS: String(MAX_STALE_MS) },
      gatewayDatabase: (url) => {
        const viaForwarder = new URL(url);
        viaForwarder.hostname = '127.0.0.1';
        viaForwarder.port = String(forwarder.port);
        return createDatabase({ url: viaForwarder.toString(), poolMax: 4, applicationName: 'autrace-gateway-test' });
      },
    });
  });

  after(async () => {
    forwarder.restore();
    await fx.close();
    await forwarder.close();
  });

  async function status(apiKey: string): Promise<number> {
    const response = await fetch(`${fx.baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake-chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.arrayBuffer();
    return response.status;
  }

  test('a known key is served on its last state for a while, then refused with a 503 until Postgres is back', async () => {
    const account = await createAccountWithKey(fx.database.db, fx.config);
    assert.equal(await status(account.apiKey), 200);
    forwarder.cut();
    assert.equal(await status(account.apiKey), 200, 'served on its last known state at first');
    await new Promise((resolve) => setTimeout(resolve, MAX_STALE_MS + 1_500));
    assert.equal(await status(account.apiKey), 503, 'past the bound, no longer');
    forwarder.restore();
    const deadline = Date.now() + 15_000;
    let last = 0;
    while (Date.now() < deadline && (last = await status(account.apiKey)) !== 200)
      await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(last, 200, 'served again once Postgres answers');
  });
});
