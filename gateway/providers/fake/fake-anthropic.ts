import type { ServerResponse } from 'node:http';
import { chunksOf, echo, lastUserText, promptChars, sendJson, toolCallOf, writeFrames, type Json } from './fake-wire';

/** Anthropic Messages: a text block, or a tool_use block (`fake-tools`, its input streamed as input_json_delta). */
export function anthropicMessages(res: ServerResponse, body: Json): Promise<void> | void {
  const model = String(body.model);
  const text = echo(lastUserText(body.messages));
  const tools = model === 'fake-tools';
  const call = toolCallOf(body, text);
  const written = tools ? call.arguments : text;
  const inputTokens = model === 'fake-no-usage' ? 0 : Math.ceil(promptChars(body) / 4);
  const outputTokens = model === 'fake-no-usage' ? 0 : chunksOf(written).length;
  const id = 'msg_fake';
  const block = tools
    ? { type: 'tool_use', id: 'toolu_fake', name: call.name, input: JSON.parse(call.arguments) as Json }
    : { type: 'text', text };
  const stopReason = tools ? 'tool_use' : 'end_turn';
  if (body.stream !== true) {
    sendJson(res, 200, {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [block],
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
    event('content_block_start', {
      index: 0,
      content_block: tools ? { ...block, input: {} } : { type: 'text', text: '' },
    }),
    event('ping', {}),
  ];
  for (const piece of chunksOf(written))
    frames.push(
      event('content_block_delta', {
        index: 0,
        delta: tools ? { type: 'input_json_delta', partial_json: piece } : { type: 'text_delta', text: piece },
      }),
    );
  frames.push(event('content_block_stop', { index: 0 }));
  frames.push(
    event('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    }),
  );
  frames.push(event('message_stop', {}));
  return writeFrames(res, frames, model);
}
