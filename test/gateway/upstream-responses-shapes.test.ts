import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createAccountWithKey,
  startGatewayFixture,
  type GatewayFixture,
  type TestAccount,
} from './support/gateway-fixture';
import { PII } from './support/pii-values';
import { BLOCK_SECRETS_OUT, REDACT_EMAILS_OUT, startScriptedUpstream } from './support/scripted-upstream';

/**
 * A Responses stream carries text beyond its text and argument deltas: annotations, built-in tools' calls (a web
 * search's query, interpreter code) and event kinds added later. With output rules on, none of it reaches the
 * caller unseen; generated images' bytes are left as they are.
 */

let sequence = 0;
const event = (type: string, fields: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
const response = (status: string, output: unknown[]) => ({
  id: 'resp_1',
  object: 'response',
  created_at: 0,
  status,
  model: 'shapes',
  output,
  usage: status === 'completed' ? { input_tokens: 5, output_tokens: 7, total_tokens: 12 } : null,
});
const SEARCH = {
  type: 'web_search_call',
  id: 'ws_1',
  status: 'completed',
  action: { type: 'search', query: `who is ${PII.email}` },
};
const MESSAGE = (text: string, annotations: unknown[]) => ({
  type: 'message',
  id: 'msg_1',
  role: 'assistant',
  status: 'completed',
  content: [{ type: 'output_text', text, annotations }],
});
const ANNOTATION = {
  type: 'url_citation',
  url: 'https://example.com/team',
  title: `Team: ${PII.email}`,
  start_index: 0,
  end_index: 4,
};
const IMAGE_BYTES = Buffer.from(`png bytes ${PII.email}`).toString('base64');

const STREAMS: Record<string, string[]> = {
  'shapes-search': [
    event('response.created', { response: response('in_progress', []) }),
    event('response.output_item.added', { output_index: 0, item: { ...SEARCH, status: 'in_progress' } }),
    event('response.web_search_call.searching', { output_index: 0, item_id: 'ws_1' }),
    event('response.output_item.done', { output_index: 0, item: SEARCH }),
    event('response.output_item.added', {
      output_index: 1,
      item: { ...MESSAGE('', []), status: 'in_progress', content: [] },
    }),
    event('response.output_text.delta', { output_index: 1, content_index: 0, item_id: 'msg_1', delta: 'Jane.' }),
    event('response.output_text.annotation.added', {
      output_index: 1,
      content_index: 0,
      item_id: 'msg_1',
      annotation_index: 0,
      annotation: ANNOTATION,
    }),
    event('response.output_text.done', { output_index: 1, content_index: 0, item_id: 'msg_1', text: 'Jane.' }),
    event('response.output_item.done', { output_index: 1, item: MESSAGE('Jane.', [ANNOTATION]) }),
    event('response.future_event', { output_index: 1, note: `mail ${PII.email}` }),
    event('response.image_generation_call.partial_image', {
      output_index: 2,
      item_id: 'ig_1',
      partial_image_index: 0,
      partial_image_b64: IMAGE_BYTES,
    }),
    event('response.completed', { response: response('completed', [SEARCH, MESSAGE('Jane.', [ANNOTATION])]) }),
  ],
  'shapes-code': [
    event('response.created', { response: response('in_progress', []) }),
    event('response.code_interpreter_call_code.delta', {
      output_index: 0,
      item_id: 'ci_1',
      delta: `key = "${PII.secret}"`,
    }),
    event('response.completed', { response: response('completed', []) }),
  ],
};

describe('text in the other shapes of a Responses stream', () => {
  let fx: GatewayFixture;
  let upstream: { url: string; close(): Promise<void> };
  let redactor: TestAccount;
  let blocker: TestAccount;

  before(async () => {
    upstream = await startScriptedUpstream(STREAMS);
    fx = await startGatewayFixture({
      env: { OPENAI_COMPATIBLE_BASE_URL: `${upstream.url}/v1`, OPENAI_COMPATIBLE_API_KEY: 'sk-shapes' },
    });
    redactor = await createAccountWithKey(fx.database.db, fx.config, { rules: [REDACT_EMAILS_OUT] });
    blocker = await createAccountWithKey(fx.database.db, fx.config, { rules: [BLOCK_SECRETS_OUT] });
  });

  after(async () => {
    await fx?.close();
    await upstream?.close();
  });

  async function stream(account: TestAccount, model: string): Promise<Array<Record<string, unknown>>> {
    const answer = await fetch(`${fx.baseUrl}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${account.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, stream: true, input: 'hi' }),
    });
    assert.equal(answer.status, 200);
    const text = await answer.text();
    if (model === 'shapes-search') assert.ok(!text.includes(PII.email), text);
    return text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
  }

  test("annotations, a web search's query and event kinds the gateway does not know are read; image bytes are not", async () => {
    const events = await stream(redactor, 'shapes-search');
    const byType = (type: string) => events.filter((e) => e.type === type);
    assert.equal(
      (byType('response.output_text.annotation.added')[0]?.annotation as { title: string }).title,
      'Team: [EMAIL]',
    );
    const searchDone = byType('response.output_item.done')[0]?.item as { action: { query: string } };
    assert.equal(searchDone.action.query, 'who is [EMAIL]');
    assert.equal(byType('response.future_event')[0]?.note, 'mail [EMAIL]');
    assert.equal(byType('response.image_generation_call.partial_image')[0]?.partial_image_b64, IMAGE_BYTES);
    const completed = byType('response.completed')[0]?.response as { output: Array<Record<string, unknown>> };
    assert.equal((completed.output[0]?.action as { query: string }).query, 'who is [EMAIL]');
    const part = (completed.output[1]?.content as Array<{ annotations: Array<{ title: string }> }>)[0];
    assert.equal(part?.annotations[0]?.title, 'Team: [EMAIL]');
  });

  test("a secret in a built-in tool's streamed code ends the stream", async () => {
    const events = await stream(blocker, 'shapes-code');
    assert.ok(!JSON.stringify(events).includes(PII.secret), 'the secret reached the caller');
    assert.match(JSON.stringify(events.at(-1)), /no-secrets-out/);
  });
});
