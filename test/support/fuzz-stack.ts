import path from 'node:path';
import type { Client } from '@temporalio/client';
import { pino } from 'pino';
import { createTemporalClient, registerSearchAttributes } from '../../platform/temporal/connection';
import { freePort, startTemporalDevServer, tempDir } from '../../scripts/local-services';
import { startTestApi, type TestApi } from './api';
import { startStripeFake } from './stripe-fake';

export interface FuzzStack {
  api: TestApi;
  /** Session tokens of a fresh owner and member of one account, and of an operator. */
  tokens: { owner: string; member: string; operator: string };
  close(): Promise<void>;
}

/**
 * The API as a third party meets it, every service it calls up: Postgres,
 * SMTP, S3, a Temporal dev server and the Stripe fake.
 */
export async function startFuzzStack(): Promise<FuzzStack> {
  const devServer = await startTemporalDevServer({
    port: await freePort(),
    uiPort: await freePort(),
    dbFile: path.join(tempDir('temporal'), 'temporal.db'),
    namespace: 'default',
  });
  const stripe = await startStripeFake();
  let client: Client | null = null;
  const api = await startTestApi({
    env: { STRIPE_API_BASE: stripe.url },
    temporal: () => (client ? Promise.resolve(client) : Promise.reject(new Error('Temporal is not connected yet'))),
  });
  client = await createTemporalClient({ ...api.stack.config.temporal, address: devServer.url, namespace: 'default' });
  await registerSearchAttributes(client, 'default', pino({ level: 'silent' }));
  const account = await api.createAccount({ plan: 'growth' });
  const member = await api.createUser(account.accountId, 'member');
  const operator = await api.createOperator();
  return {
    api,
    tokens: { owner: account.owner.token, member: member.token, operator: operator.token },
    async close() {
      await client?.connection.close();
      await api.close();
      await stripe.close();
      await devServer.stop();
    },
  };
}
