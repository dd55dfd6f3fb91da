import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import OpenAI from 'openai';
import { createRegionalServices, type RegionalServices } from '../../activities/worker/services';
import { startGateway, type RunningGateway } from '../../gateway/app';
import { startFakeProvider, type FakeProvider } from '../../gateway/providers/fake';
import { REGIONS, type Region } from '../../platform/config/config';
import type { Database } from '../../platform/database/database';
import { createLogger } from '../../platform/observability/logger';
import { taskQueueFor, workflowIds } from '../../temporal.config';
import { createPostgresRateLimiter, type RateLimiter } from '../../api/rate-limit/rate-limiter';
import { startTestApi, type TestApi } from '../support/api';
import { appendBackdatedAuditEntries } from '../support/backdated-audit';
import { createTestConfig } from '../support/config';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createTimeSkippingEnvironment } from '../support/temporal';
import { readZip } from '../support/zip-reader';
import { verifyApiPathFromMail, waitForMail } from '../support/dsr-harness';
import { startRegionalWorkers, tablesMentioning } from '../support/regions';

/**
 * Three regional databases, a directory database of its own, three buckets, a worker per region and a
 * gateway per region: everything an EU account does lands in EU stores only, and a US account's in US
 * stores only. Every table of the other regions' databases and every object (each version, archives
 * unpacked) of their buckets is searched for the account's id and its owner's e-mail address.
 */
const GATEWAY_URLS = {
  eu: 'https://eu.gateway.autrace.test',
  us: 'https://us.gateway.autrace.test',
  apac: 'https://apac.gateway.autrace.test',
} as const;

interface Traced {
  region: Region;
  accountId: string;
  userId: string;
  email: string;
  token: string;
  apiKey: string;
}

describe('data residency: each region holds its own accounts and nothing of the others', () => {
  let env: TestWorkflowEnvironment;
  let api: TestApi;
  let us: TestDatabase;
  let apac: TestDatabase;
  let directory: TestDatabase;
  let fake: FakeProvider;
  let services: RegionalServices;
  let workers: Worker[];
  let running: Promise<void>[];
  const gateways = new Map<Region, RunningGateway>();
  const traced = new Map<Region, Traced>();
  const superuser = (region: Region): Database =>
    region === 'eu' ? api.stack.database.db : region === 'us' ? us.db : apac.db;
  const appDb = (region: Region): Database =>
    region === 'eu' ? api.stack.database.appDb : region === 'us' ? us.appDb : apac.appDb;

  before(async () => {
    [env, us, apac, directory, fake] = await Promise.all([
      createTimeSkippingEnvironment(),
      createTestDatabase(),
      createTestDatabase(),
      createTestDatabase(),
      startFakeProvider(),
    ]);
    const regionEnv = {
      DATABASE_URL_US: us.url,
      DATABASE_URL_APAC: apac.url,
      DIRECTORY_DATABASE_URL: directory.url,
      GATEWAY_URL_EU: GATEWAY_URLS.eu,
      GATEWAY_URL_US: GATEWAY_URLS.us,
      GATEWAY_URL_APAC: GATEWAY_URLS.apac,
      FAKE_PROVIDER_URL: fake.url,
    };
    // Rate limits counted in Postgres as in production: a user's counters belong to the user's region.
    const limiters = new Map<Region, RateLimiter>();
    const limiterOf = (region: Region) => {
      let limiter = limiters.get(region);
      if (!limiter) {
        limiter = createPostgresRateLimiter(appDb(region));
        limiters.set(region, limiter);
      }
      return limiter;
    };
    api = await startTestApi({
      env: regionEnv,
      temporal: () => Promise.resolve(env.client),
      // The primary's limiter (anonymous callers), created once the API's own database exists.
      rateLimiter: {
        consume: (...args) => limiterOf('eu').consume(...args),
        block: (...args) => limiterOf('eu').block(...args),
        blockedFor: (...args) => limiterOf('eu').blockedFor(...args),
        reset: (...args) => limiterOf('eu').reset(...args),
      },
      regionalRateLimiter: limiterOf,
    });
    const { config } = api.stack;
    services = createRegionalServices(config, 'test-worker', REGIONS, {
      byUrl: new Map([
        [api.stack.database.url, api.stack.database.appDb],
        [us.url, us.appDb],
        [apac.url, apac.appDb],
        [directory.url, directory.appDb],
      ]),
    });
    ({ workers, running } = await startRegionalWorkers(env, services));
    for (const region of ['eu', 'us'] as const) {
      const gatewayConfig = createTestConfig({
        databaseUrl: api.stack.database.url,
        env: { ...regionEnv, GATEWAY_REGION: region },
      });
      gateways.set(
        region,
        await startGateway({
          config: gatewayConfig,
          db: appDb(region),
          directory: directory.appDb,
          logger: createLogger(gatewayConfig, 'gateway'),
          port: 0,
          host: '127.0.0.1',
          metricsPort: 0,
          logFlushIntervalMs: 20,
        }),
      );
    }
    for (const region of ['eu', 'us'] as const) traced.set(region, await liveIn(region));
  });

  after(async () => {
    for (const gateway of gateways.values()) await gateway.close();
    for (const worker of workers ?? []) worker.shutdown();
    await Promise.all(running ?? []);
    await services?.close();
    await api?.close();
    await env?.teardown();
    await fake?.close();
    for (const database of [us, apac, directory]) await database?.drop();
  });

  const gatewayOf = (region: Region) => {
    const gateway = gateways.get(region);
    if (!gateway) throw new Error(`no gateway for ${region}`);
    return gateway;
  };
  const tracedIn = (region: Region) => {
    const account = traced.get(region);
    if (!account) throw new Error(`no account in ${region}`);
    return account;
  };
  const chat = (region: Region, apiKey: string, content: string) =>
    new OpenAI({ baseURL: `${gatewayOf(region).url}/v1`, apiKey, maxRetries: 0 }).chat.completions.create({
      model: 'fake-chat',
      messages: [{ role: 'user', content }],
    });

  async function until<T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`${what}: not in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** An account that signs up, sends traffic, asks for its data and exports its logs, with a day of audit archived. */
  async function liveIn(region: 'eu' | 'us'): Promise<Traced> {
    const email = `resident-${region}-${randomUUID().slice(0, 8)}@example.test`;
    const signed = await api.request<{ accountId: string; userId: string; session: { token: string } }>(
      'POST',
      '/v1/auth/signup',
      {
        body: {
          accountName: 'Resident',
          name: 'Resident',
          email,
          password: 'a long enough passphrase',
          ageConfirmed: true,
          region,
        },
      },
    );
    assert.equal(signed.status, 201, signed.text);
    const { accountId, userId } = signed.body;
    // A failed and a good sign-in: the throttle's counters are kept where the user is.
    const wrong = await api.request('POST', '/v1/auth/login', { body: { email, password: 'not the passphrase' } });
    assert.equal(wrong.status, 401, wrong.text);
    const login = await api.request<{ token: string }>('POST', '/v1/auth/login', {
      body: { email, password: 'a long enough passphrase' },
    });
    assert.equal(login.status, 200, login.text);
    const { token } = login.body;
    // Full logs are a Growth feature: the account is upgraded where it lives.
    await superuser(region)('accounts').where({ id: accountId }).update({ plan: 'growth', full_logging: true });
    const key = await api.request<{ apiKey: string }>('POST', '/v1/api-keys', { token, body: { name: 'resident' } });
    assert.equal(key.status, 201, key.text);
    const { apiKey } = key.body;

    for (let i = 0; i < 3; i += 1) await chat(region, apiKey, `question ${i} from ${email}`);
    await until('request rows', async () => {
      const [row] = await superuser(region)('gateway_requests').where({ account_id: accountId }).count({ n: '*' });
      return Number(row?.n) === 3;
    });

    const access = await api.request<{ id: string }>('POST', '/v1/data-subject-requests', {
      token,
      body: { type: 'access', jurisdiction: 'gdpr' },
    });
    assert.equal(access.status, 202, access.text);
    const logExport = await api.request<{ exportId: string }>('POST', '/v1/logs/exports', { token, body: {} });
    assert.equal(logExport.status, 202, logExport.text);
    await until('both exports written', async () => {
      const done = await superuser(region)('exports').where({ account_id: accountId, status: 'completed' });
      return done.some((e) => e.request_id === access.body.id) && done.some((e) => e.id === logExport.body.exportId);
    });

    // A closed day of this account's audit entries, archived by the region's own workflow into its bucket.
    await appendBackdatedAuditEntries(superuser(region), [
      { at: new Date(Date.now() - 2 * 86_400_000), action: 'residency.check', accountId },
    ]);
    await env.client.workflow.execute('auditArchiveWorkflow', {
      args: [{ region }],
      taskQueue: taskQueueFor(region),
      workflowId: `${workflowIds.auditArchive(region)}-${randomUUID()}`,
    });
    return { region, accountId, userId, email, token, apiKey };
  }

  /** Every row of every table holding the needle (rows read as text, case-insensitively). */
  async function rowsMentioning(db: Database, needle: string): Promise<string[]> {
    const { tables, found } = await tablesMentioning(db, needle);
    assert.ok(tables > 30, 'the dump covers the whole schema');
    return found;
  }

  /** Every object version in the region's bucket whose key or content (ZIP entries unpacked) holds the needle. */
  async function objectsMentioning(region: Region, needles: string[]): Promise<{ objects: number; found: string[] }> {
    const storage = services.shared.storage;
    const client = storage.clientFor(region);
    const Bucket = storage.bucketFor(region);
    const listed = await client.send(new ListObjectVersionsCommand({ Bucket }));
    const found: string[] = [];
    const versions = listed.Versions ?? [];
    for (const version of versions) {
      const object = await client.send(
        new GetObjectCommand({ Bucket, Key: version.Key, VersionId: version.VersionId }),
      );
      const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      const texts = [version.Key ?? '', bytes.toString('latin1')];
      if (bytes.subarray(0, 2).toString('latin1') === 'PK') texts.push(...(await readZip(bytes)).values());
      const text = texts.join('\n').toLowerCase();
      if (needles.some((needle) => text.includes(needle.toLowerCase()))) found.push(version.Key ?? '');
    }
    return { objects: versions.length, found };
  }

  test('each account’s rows and objects are in its home region (the positive control)', async () => {
    for (const region of ['eu', 'us'] as const) {
      const { accountId, userId, email } = tracedIn(region);
      const tables = await rowsMentioning(superuser(region), accountId);
      assert.ok(
        (await rowsMentioning(superuser(region), userId)).includes('api_rate_limit_counters'),
        `the ${region} user's rate-limit counters are in ${region}`,
      );
      for (const table of [
        'accounts',
        'users',
        'api_keys',
        'gateway_requests',
        'gateway_full_logs',
        'exports',
        'data_subject_requests',
        'audit_log',
      ])
        assert.ok(tables.includes(table), `${table} of ${region} holds the ${region} account`);
      assert.ok((await rowsMentioning(superuser(region), email)).includes('users'));
      const objects = await objectsMentioning(region, [accountId]);
      assert.ok(objects.found.length >= 3, `the ${region} bucket holds both exports and the audit segment`);
    }
  });

  test('a privacy-center request about a user of the US is held, verified and answered in the US', async () => {
    const { email, accountId } = tracedIn('us');
    const submitted = await api.request<{ requestId: string }>('POST', '/v1/public/data-subject-requests', {
      body: { email, type: 'access', jurisdiction: 'gdpr' },
    });
    assert.equal(submitted.status, 202, submitted.text);
    const { requestId } = submitted.body;
    assert.ok(await us.db('data_subject_requests').where({ id: requestId }).first());
    assert.equal(await api.stack.database.db('data_subject_requests').where({ id: requestId }).first(), undefined);

    const mail = await waitForMail(
      api.stack,
      (m) => m.to.includes(email) && /Confirm your privacy request/.test(m.subject),
    );
    const verified = await api.request('GET', verifyApiPathFromMail(mail));
    assert.equal(verified.status, 200, verified.text);
    const row = await us.db('data_subject_requests').where({ id: requestId }).first('account_id', 'verified_at');
    assert.equal(row?.account_id, accountId, 'matched to the user in the US');
    await until('the subject’s export', async () =>
      us.db('exports').where({ request_id: requestId, status: 'completed' }).first(),
    );
  });

  test('no other region’s database holds a row of the account or its owner’s address', async () => {
    for (const home of ['eu', 'us'] as const) {
      const { accountId, userId, email } = tracedIn(home);
      for (const other of REGIONS.filter((r) => r !== home)) {
        assert.deepEqual(await rowsMentioning(superuser(other), accountId), [], `${home} account id in ${other}`);
        assert.deepEqual(await rowsMentioning(superuser(other), userId), [], `${home} user id in ${other}`);
        // Nor a plain hash of the address, which anyone could test addresses against.
        const hashed = createHash('sha256').update(email).digest('hex');
        assert.deepEqual(await rowsMentioning(superuser(other), hashed), [], `${home} e-mail hash in ${other}`);
        assert.deepEqual(await rowsMentioning(superuser(other), email), [], `${home} e-mail in ${other}`);
      }
    }
  });

  test('no other region’s bucket holds an object of the account', async () => {
    for (const home of ['eu', 'us'] as const) {
      const { accountId, email } = tracedIn(home);
      for (const other of REGIONS.filter((r) => r !== home)) {
        const { found } = await objectsMentioning(other, [accountId, email]);
        assert.deepEqual(found, [], `${home} account in the ${other} bucket`);
      }
    }
  });

  test('the directory holds ids and an HMAC, never the address', async () => {
    for (const home of ['eu', 'us'] as const) {
      const { email, accountId } = tracedIn(home);
      assert.deepEqual(await rowsMentioning(directory.db, email), []);
      assert.deepEqual((await rowsMentioning(directory.db, accountId)).sort(), [
        'directory_accounts',
        'directory_api_keys',
        'directory_users',
      ]);
      // Nothing but the directory's rows: the regional tables of the directory's database stay empty.
      const [accounts] = await directory.db('accounts').count({ n: '*' });
      assert.equal(Number(accounts?.n), 0);
    }
  });

  test('a gateway of the wrong region refuses the key, naming the right regional gateway', async () => {
    for (const [home, other] of [
      ['eu', 'us'],
      ['us', 'eu'],
    ] as const) {
      const { apiKey } = tracedIn(home);
      const error = await chat(other, apiKey, 'hello').catch((e: unknown) => e);
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 421);
      assert.ok(error.message.includes(GATEWAY_URLS[home]), error.message);
    }
  });

  test('operators see every region’s privacy requests and act on each in its own region', async () => {
    const operator = await api.createOperator();
    const requestOf = async (region: Region) => {
      const row = await superuser(region)('data_subject_requests')
        .where({ account_id: tracedIn(region).accountId })
        .first('id');
      if (!row) throw new Error(`no request in ${region}`);
      return row.id;
    };
    const [euRequest, usRequest] = [await requestOf('eu'), await requestOf('us')];
    const listed = await api.request<{ requests: Array<{ id: string }> }>('GET', '/v1/operator/data-subject-requests', {
      token: operator.token,
    });
    assert.equal(listed.status, 200, listed.text);
    const ids = listed.body.requests.map((r) => r.id);
    assert.ok(ids.includes(euRequest) && ids.includes(usRequest), 'both regions’ requests are listed');

    const shown = await api.request<{ id: string }>('GET', `/v1/operator/data-subject-requests/${usRequest}`, {
      token: operator.token,
    });
    assert.equal(shown.status, 200, shown.text);
    const note = await api.request<{ eventId: string }>(
      'POST',
      `/v1/operator/data-subject-requests/${usRequest}/notes`,
      {
        token: operator.token,
        body: { text: 'identity checked by phone' },
      },
    );
    assert.equal(note.status, 201, note.text);
    assert.ok(await us.db('dsr_events').where({ id: note.body.eventId, operator_id: operator.userId }).first());
    assert.equal(await api.stack.database.db('dsr_events').where({ id: note.body.eventId }).first(), undefined);
  });
});
