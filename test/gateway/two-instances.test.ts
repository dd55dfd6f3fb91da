import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeProvider, type FakeProvider } from '../../gateway/providers/fake';
import { createTestConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createAccountWithKey } from './support/gateway-fixture';
import { startGatewayProcess, type GatewayProcess } from './support/gateway-processes';

/**
 * Two gateway processes against one database, each told there are two
 * instances: together they admit at most the key's limit.
 */
describe('rate limits across gateway instances', () => {
  let database: TestDatabase;
  let fake: FakeProvider;
  let gateways: GatewayProcess[] = [];

  before(async () => {
    database = await createTestDatabase();
    fake = await startFakeProvider();
    gateways = await Promise.all(
      [0, 1].map(() =>
        startGatewayProcess({
          databaseUrl: database.url,
          fakeProviderUrl: fake.url,
          extra: { GATEWAY_INSTANCE_COUNT: '2' },
        }),
      ),
    );
  });

  after(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await fake?.close();
    await database?.drop();
  });

  test('a key limited to 10 requests a minute gets 10 through two instances together, then 429s from both', async () => {
    const config = createTestConfig({ databaseUrl: database.url });
    const account = await createAccountWithKey(database.db, config, {
      rateLimits: { perKey: { requestsPerMinute: 10 } },
    });
    const statuses: number[][] = [[], []];
    for (let i = 0; i < 30; i++) {
      const which = i % 2;
      const response = await fetch(`${gateways[which]?.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fake-chat', messages: [{ role: 'user', content: `hi ${i}` }] }),
      });
      await response.arrayBuffer();
      statuses[which]?.push(response.status);
    }
    const admitted = statuses.flat().filter((s) => s === 200).length;
    assert.equal(admitted, 10, JSON.stringify(statuses));
    assert.deepEqual(
      statuses.map((s) => s.filter((x) => x === 429).length),
      [10, 10],
    );
  });
});
