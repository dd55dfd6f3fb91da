import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createAccountWithKey,
  lastRequestRow,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';
import { PII } from './support/pii-values';
import { BLOCK_SECRETS_OUT, REDACT_EMAILS_OUT, startScriptedUpstream } from './support/scripted-upstream';

/**
 * Anthropic streams carry text in more places than text deltas: a block may start with text, a server tool's
 * call and result arrive whole in their blocks' starts, citations stream as their own delta type, and an upstream
 * may send event kinds the gateway does not know. With output rules on, none of it reaches the caller unseen.
 */

const sse = (event: Record<string, unknown>) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;
const START = sse({
  type: 'message_start',
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-x',
    content: [],
    usage: { input_tokens: 9, output_tokens: 1 },
  },
});
const END = [
  sse({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 12 } }),
  sse({ type: 'message_stop' }),
];

/** Each model's stream, by name. */
const STREAMS: Record<string, string[]> = {
  'claude-started-text': [
    START,
    sse({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: `write to ${PII.email.slice(0, 8)}` },
    }),
    sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `${PII.email.slice(8)} today` } }),
    sse({ type: 'content_block_stop', index: 0 }),
    ...END,
  ],
  'claude-server-tool': [
    START,
    sse({
      type: 'content_block_start',
      index: 0,
      content_block: {
        type: 'server_tool_use',
        id: 'srvtoolu_1',
        name: 'web_search',
        input: { query: `who is ${PII.email}` },
      },
    }),
    sse({ type: 'content_block_stop', index: 0 }),
    sse({
      type: 'content_block_start',
      index: 1,
      content_block: {
        type: 'web_search_tool_result',
        tool_use_id: 'srvtoolu_1',
        content: [
          {
            type: 'web_search_result',
            url: 'https://example.com/team',
            title: `Team page: ${PII.email}`,
            encrypted_content: 'EqgfCioIARgB',
          },
        ],
      },
    }),
    sse({ type: 'content_block_stop', index: 1 }),
    ...END,
  ],
  'claude-server-tool-secret': [
    START,
    sse({
      type: 'content_block_start',
      index: 0,
      content_block: {
        type: 'web_fetch_tool_result',
        tool_use_id: 'srvtoolu_2',
        content: {
          type: 'web_fetch_result',
          url: 'https://example.com/env',
          content: {
            type: 'document',
            source: { type: 'text', media_type: 'text/plain', data: `OPENAI_API_KEY=${PII.secret}` },
          },
        },
      },
    }),
    sse({ type: 'content_block_stop', index: 0 }),
    ...END,
  ],
  'claude-citations': [
    START,
    sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: [] } }),
    sse({
      type: 'content_block_delta',
      index: 0,
      delta: {
        type: 'citations_delta',
        citation: {
          type: 'char_location',
          cited_text: `Contact: ${PII.email}`,
          document_index: 0,
          start_char_index: 0,
          end_char_index: 30,
        },
      },
    }),
    sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'As cited.' } }),
    sse({ type: 'content_block_stop', index: 0 }),
    ...END,
  ],
  'claude-unknown-event': [
    START,
    sse({ type: 'future_event', payload: { note: `mail ${PII.email}` } }),
    sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'fine' } }),
    sse({ type: 'content_block_stop', index: 0 }),
    ...END,
  ],
};

describe('text in the other shapes of an Anthropic stream', () => {
  let fx: GatewayFixture;
  let upstream: { url: string; close(): Promise<void> };
  let redactor: TestAccount;
  let blocker: TestAccount;

  before(async () => {
    upstream = await startScriptedUpstream(STREAMS);
    fx = await startGatewayFixture({ env: { ANTHROPIC_BASE_URL: upstream.url, ANTHROPIC_API_KEY: 'sk-ant-shapes' } });
    redactor = await createAccountWithKey(fx.database.db, fx.config, { rules: [REDACT_EMAILS_OUT] });
    blocker = await createAccountWithKey(fx.database.db, fx.config, { rules: [BLOCK_SECRETS_OUT] });
  });

  after(async () => {
    await fx?.close();
    await upstream?.close();
  });

  async function stream(account: TestAccount, model: string): Promise<string> {
    const response = await fetch(`${fx.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': account.apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model, max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(response.status, 200);
    return response.text();
  }

  /** The data of every event the caller got, parsed. */
  const events = (text: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);

  test('text a block starts with is gated with its deltas: an address split between them is redacted', async () => {
    const text = await stream(redactor, 'claude-started-text');
    const written = events(text)
      .map((e) => {
        const block = e.content_block as { text?: string } | undefined;
        const delta = e.delta as { text?: string } | undefined;
        return (
          (e.type === 'content_block_start' ? block?.text : e.type === 'content_block_delta' ? delta?.text : '') ?? ''
        );
      })
      .join('');
    assert.equal(written, 'write to [EMAIL] today');
  });

  test("a server tool's call and result, which arrive whole in their blocks' starts, are read", async () => {
    const text = await stream(redactor, 'claude-server-tool');
    assert.ok(!text.includes(PII.email), text);
    const result = events(text).find(
      (e) => (e.content_block as { type?: string } | undefined)?.type === 'web_search_tool_result',
    );
    assert.deepEqual((result?.content_block as { content: unknown[] }).content, [
      {
        type: 'web_search_result',
        url: 'https://example.com/team',
        title: 'Team page: [EMAIL]',
        encrypted_content: 'EqgfCioIARgB',
      },
    ]);
    assert.deepEqual((await lastRequestRow<{ matched_rule_ids: string[] }>(fx, redactor)).matched_rule_ids, [
      'no-emails-out',
    ]);

    const blocked = await stream(blocker, 'claude-server-tool-secret');
    assert.ok(!blocked.includes(PII.secret), 'the fetched secret reached the caller');
    assert.match(blocked, /no-secrets-out/);
  });

  test('citations stream as their own delta type and are read', async () => {
    const text = await stream(redactor, 'claude-citations');
    assert.ok(!text.includes(PII.email), text);
    assert.match(text, /"cited_text":"Contact: \[EMAIL\]"/);
  });

  test('an event of a kind the gateway does not know is read whole', async () => {
    const text = await stream(redactor, 'claude-unknown-event');
    assert.ok(!text.includes(PII.email), text);
    assert.match(text, /"note":"mail \[EMAIL\]"/);
  });
});
