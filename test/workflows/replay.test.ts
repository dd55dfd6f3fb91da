import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import * as registered from '../../workflows';
import { readRecordedHistories } from '../support/recorded-histories';
import { writeWorkflowBundle } from '../support/worker-bundle';

/**
 * Workflows outlive deploys: a deletion waits 90 days, a request several months.
 * Each recorded history (test/workflows/histories, `npm run record:histories`)
 * is replayed against the production workflow bundle; a change that alters the
 * commands a running workflow already issued fails here instead of in production.
 */
const histories = readRecordedHistories();
let bundlePath: string;

before(async () => {
  bundlePath = await writeWorkflowBundle();
});

function workflowTypeOf(json: unknown): string | undefined {
  const events = (
    json as { events?: Array<{ workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }> }
  ).events;
  return events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
}

test('every workflow the worker registers has a recorded history', () => {
  assert.deepEqual(histories.map((h) => workflowTypeOf(h.json)).sort(), Object.keys(registered).sort());
});

for (const { kind, json } of histories) {
  test(`the recorded ${kind} history replays on the current code without a determinism error`, async () => {
    await Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath } }, historyFromJSON(json), kind);
  });
}

/** An address ends in a top-level domain of letters (so `@temporalio/worker@1.24.0+…` build IDs are not one). */
const EMAIL = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/;
/** The test fixtures' prompt text, and the fields prompts and completions travel in. */
const PROMPT = /prompt from |"(prompt|completion|messages)"\s*:/;

/** Every string in the history, with payloads (inputs, results, memos, search attributes) decoded. */
function textsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) textsOf(item, out);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const metadata = record.metadata;
    if (metadata && typeof metadata === 'object' && 'encoding' in metadata) {
      for (const encoded of [record.data, ...Object.values(metadata)])
        if (typeof encoded === 'string') out.push(Buffer.from(encoded, 'base64').toString('utf8'));
    }
    for (const item of Object.values(record)) textsOf(item, out);
  }
  return out;
}

function personalDataIn(json: unknown): string[] {
  return textsOf(json).filter((text) => EMAIL.test(text) || PROMPT.test(text));
}

describe('recorded histories hold no personal data', () => {
  test('the scan finds an address or a prompt inside an encoded payload', () => {
    const payload = (value: unknown) => ({
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from(JSON.stringify(value)).toString('base64'),
    });
    assert.equal(
      personalDataIn({ events: [{ input: { payloads: [payload({ to: 'member-1@example.test' })] } }] }).length,
      1,
    );
    assert.equal(personalDataIn({ events: [{ result: { payloads: [payload({ prompt: 'hello' })] } }] }).length, 1);
    assert.deepEqual(personalDataIn({ events: [{ input: { payloads: [payload({ requestId: 'r-1' })] } }] }), []);
  });

  for (const { kind, json } of histories) {
    test(`the ${kind} history holds no e-mail address and no prompt or completion text`, () => {
      assert.deepEqual(personalDataIn(json), []);
    });
  }
});
