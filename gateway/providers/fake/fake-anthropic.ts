import type { ServerResponse } from 'node:http';
import {
  callsTools,
  chunksOf,
  echo,
  lastUserText,
  promptChars,
  sendJson,
  toolCallsOf,
  toolResultText,
  writeFrames,
  type Json,
} from './fake-wire';

/**
 * Anthropic Messages: a text block, or tool_use blocks (`…-tools`, their input
 * streamed as input_json_delta; `…-parallel-tools` writes a text block first).
 */
export function anthropicMessages(res: ServerResponse, body: Json): Promise<void> | void {
  const model = String(body.model);
  const toolResult = callsTools(model) ? toolResultText(body.messages) : null;
  const text = toolResult !== null ? `Tool said: ${toolResult}` : echo(lastUserText(body.messages));
  const tools = callsTools(model) && toolResult === null;
  const parallel = model.endsWith('-parallel-tools');
  const calls = tools ? toolCallsOf(body, text, parallel) : [];
  const length = model.endsWith('-length');
  const blocks: Json[] = [];
  /** What each block writes, streamed in pieces. */
  const written: string[] = [];
  if (!tools || parallel) {
    const shown = parallel ? 'Let me check.' : length ? (chunksOf(text)[0] ?? '') : text;
    blocks.push({ type: 'text', text: shown });
    written.push(shown);
  }
  calls.forEach((call, i) => {
    blocks.push({
      type: 'tool_use',
      id: `toolu_fake_${i}`,
      name: call.name,
      input: JSON.parse(call.arguments) as Json,
    });
    written.push(call.arguments);
  });
  const inputTokens = model === 'fake-no-usage' ? 0 : Math.ceil(promptChars(body) / 4);
  const outputTokens = model === 'fake-no-usage' ? 0 : written.reduce((sum, w) => sum + chunksOf(w).length, 0);
  const id = 'msg_fake';
  const stopReason = tools ? 'tool_use' : length ? 'max_tokens' : 'end_turn';
  if (body.stream !== true) {
    sendJson(res, 200, {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: blocks,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: outputTokens },
    });
    return;
  }
  const event = (name: string, data: Json) => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
  const frames = [
    event('message_start', {
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 1 },
      },
    }),
  ];
  blocks.forEach((block, index) => {
    const toolUse = block.type === 'tool_use';
    frames.push(
      event('content_block_start', {
        index,
        content_block: toolUse ? { ...block, input: {} } : { type: 'text', text: '' },
      }),
    );
    if (index === 0) frames.push(event('ping', {}));
    for (const piece of chunksOf(written[index] ?? ''))
      frames.push(
        event('content_block_delta', {
          index,
          delta: toolUse ? { type: 'input_json_delta', partial_json: piece } : { type: 'text_delta', text: piece },
        }),
      );
    frames.push(event('content_block_stop', { index }));
  });
  frames.push(
    event('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    }),
  );
  frames.push(event('message_stop', {}));
  if (model.endsWith('-stream-error'))
    return writeFrames(
      res,
      [
        ...frames.slice(0, 4),
        event('error', { error: { type: 'overloaded_error', message: 'fake upstream overloaded mid-stream' } }),
      ],
      model,
    );
  return writeFrames(res, frames, model);
}
