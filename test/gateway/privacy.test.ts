import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { fullLogAssociatedData } from '../../platform/full-logs/full-log-envelope';
import { parseApiKey } from '../../platform/crypto/api-keys';
import { open, unwrapDataKey } from '../../platform/crypto/envelope';
import {
  createAccountWithKey,
  eventually,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';

const MARKER = 'purple-elephant-umbrella';
const PROMPT = `${MARKER}: write to jane.doe@example.com, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00`;
const PII_VALUES = ['jane.doe@example.com', '4111 1111 1111 1111', 'DE89 3704 0044 0532 0130 00'];

interface FullLogRow {
  request_id: string;
  account_id: string;
  nonce: Buffer;
  auth_tag: Buffer;
  ciphertext: Buffer;
}

describe('privacy of what the gateway stores', () => {
  let fx: GatewayFixture;
  let logged: TestAccount;
  let freePlan: TestAccount;
  let plain: TestAccount;

  before(async () => {
    fx = await startGatewayFixture();
    const redact = [
      {
        id: 'redact-pii',
        type: 'pii' as const,
        entities: ['EMAIL' as const, 'CARD' as const, 'IBAN' as const],
        action: 'redact' as const,
      },
    ];
    logged = await createAccountWithKey(fx.database.db, fx.config, {
      plan: 'growth',
      fullLogging: true,
      rules: redact,
    });
    freePlan = await createAccountWithKey(fx.database.db, fx.config, { plan: 'free', fullLogging: true });
    plain = await createAccountWithKey(fx.database.db, fx.config);
    for (const account of [logged, freePlan, plain]) {
      const openai = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: account.apiKey, maxRetries: 0 });
      await openai.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: PROMPT }] });
      const stream = await openai.chat.completions.create({
        model: 'fake-chat',
        stream: true,
        messages: [{ role: 'user', content: PROMPT }],
      });
      for await (const _chunk of stream) {
        // drain
      }
      const anthropic = new Anthropic({ baseURL: fx.baseUrl, apiKey: account.apiKey, maxRetries: 0 });
      await anthropic.messages.create({
        model: 'fake-chat',
        max_tokens: 50,
        messages: [{ role: 'user', content: PROMPT }],
      });
    }
    await fx.gateway.app.writer.flush();
  });

  after(async () => {
    await fx.close();
  });

  test('full logs are stored, encrypted under the account key, only for an opted-in plan that includes them', async () => {
    const rows = await fx.database.db('gateway_full_logs').select<FullLogRow[]>('*');
    assert.deepEqual([...new Set(rows.map((r) => r.account_id))], [logged.accountId]);
    assert.equal(rows.length, 3);
    const account = await fx.database
      .db('accounts')
      .where({ id: logged.accountId })
      .first<{ data_key_wrapped: Buffer }>('data_key_wrapped');
    const dataKey = unwrapDataKey(fx.config.keys.master, logged.accountId, account.data_key_wrapped);
    for (const row of rows) {
      const plaintext = open(
        dataKey,
        { nonce: row.nonce, authTag: row.auth_tag, ciphertext: row.ciphertext },
        fullLogAssociatedData(row.account_id, row.request_id),
      );
      const entry = JSON.parse(plaintext.toString('utf8')) as { prompt: string[]; completion: string };
      assert.ok(entry.prompt.join(' ').includes(MARKER));
      assert.ok(entry.completion.startsWith('You said:'));
      assert.ok(!entry.prompt.join(' ').includes('jane.doe@example.com'), 'the stored prompt is the redacted one');
    }
  });

  test('switching full logging off stops storing within a second', async () => {
    await fx.database.db('accounts').where({ id: logged.accountId }).update({ full_logging: false });
    await new Promise((r) => setTimeout(r, 1_100));
    const before = await fx.database.db('gateway_full_logs').count<Array<{ count: number }>>('* as count');
    const openai = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: logged.apiKey, maxRetries: 0 });
    await openai.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: PROMPT }] });
    await fx.gateway.app.writer.flush();
    const afterCount = await fx.database.db('gateway_full_logs').count<Array<{ count: number }>>('* as count');
    assert.deepEqual(afterCount, before);
  });

  test('a revoked key stops working within a second', async () => {
    const openai = new OpenAI({ baseURL: `${fx.baseUrl}/v1`, apiKey: plain.apiKey, maxRetries: 0 });
    await openai.models.list();
    await fx.database.db('api_keys').where({ id: plain.keyId }).update({ revoked_at: new Date() });
    await new Promise((r) => setTimeout(r, 1_000));
    await assert.rejects(
      openai.chat.completions.create({ model: 'fake-chat', messages: [{ role: 'user', content: 'x' }] }),
      OpenAI.AuthenticationError,
    );
  });

  test('no prompt text, PII or API key secret appears anywhere in the database outside encrypted full logs', async () => {
    await eventually(async () => {
      await fx.gateway.app.writer.flush();
      const { rows } = await fx.database.db.raw<{ rows: Array<{ n: number }> }>(
        'select count(*)::int as n from gateway_requests',
      );
      return (rows[0]?.n ?? 0) >= 10;
    });
    const { rows: tables } = await fx.database.db.raw<{ rows: Array<{ table_name: string }> }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    const needles = [MARKER, ...PII_VALUES];
    for (const account of [logged, freePlan, plain]) {
      const parsed = parseApiKey(account.apiKey);
      assert.ok(parsed);
      needles.push(account.apiKey, parsed.secret);
    }
    let scanned = 0;
    for (const { table_name } of tables) {
      const { rows } = await fx.database.db.raw<{ rows: Array<{ row: string }> }>(
        `select t::text as row from "${table_name}" t`,
      );
      for (const { row } of rows) {
        scanned++;
        for (const needle of needles) {
          assert.ok(!row.includes(needle), `${table_name} holds "${needle.slice(0, 12)}…"`);
          assert.ok(
            !row.includes(Buffer.from(needle).toString('hex')),
            `${table_name} holds "${needle.slice(0, 12)}…" as bytes`,
          );
        }
      }
    }
    assert.ok(scanned > 10);
  });
});
