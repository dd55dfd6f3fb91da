import type { ServerResponse } from 'node:http';
import { chunksOf, echo, lastUserText, promptChars, sendJson, toolCallOf, writeFrames, type Json } from './fake-wire';

/**
 * OpenAI's Responses API: one output item, a message with the echo or (with
 * `fake-tools`) a function call; streamed as its typed events, from
 * `response.created` to `response.completed`.
 */
export function responses(res: ServerResponse, body: Json): Promise<void> | void {
  const model = String(body.model);
  const text = echo(lastUserText(body.input));
  const tools = model === 'fake-tools';
  const call = toolCallOf(body, text);
  const written = tools ? call.arguments : text;
  const inputTokens = Math.ceil(
    (promptChars(body) + (typeof body.instructions === 'string' ? body.instructions.length : 0)) / 4,
  );
  const outputTokens = chunksOf(written).length;
  const usage =
    model === 'fake-no-usage'
      ? null
      : {
          input_tokens: inputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: outputTokens,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: inputTokens + outputTokens,
        };
  const itemId = tools ? 'fc_fake' : 'msg_fake';
  const item = (done: boolean): Json =>
    tools
      ? {
          type: 'function_call',
          id: itemId,
          call_id: 'call_fake_0',
          name: call.name,
          arguments: done ? call.arguments : '',
          status: done ? 'completed' : 'in_progress',
        }
      : {
          type: 'message',
          id: itemId,
          status: done ? 'completed' : 'in_progress',
          role: 'assistant',
          content: done ? [{ type: 'output_text', text, annotations: [], logprobs: [] }] : [],
        };
  const response = (done: boolean): Json => ({
    id: 'resp_fake',
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: done ? 'completed' : 'in_progress',
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model,
    output: done ? [item(true)] : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    store: false,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    usage: done ? usage : null,
    metadata: {},
  });
  if (body.stream !== true) {
    sendJson(res, 200, response(true));
    return;
  }
  let sequence = 0;
  const event = (type: string, data: Json) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`;
  const at = { item_id: itemId, output_index: 0 };
  const frames = [
    event('response.created', { response: response(false) }),
    event('response.in_progress', { response: response(false) }),
    event('response.output_item.added', { output_index: 0, item: item(false) }),
  ];
  if (tools) {
    for (const piece of chunksOf(written))
      frames.push(event('response.function_call_arguments.delta', { ...at, delta: piece }));
    frames.push(event('response.function_call_arguments.done', { ...at, arguments: written }));
  } else {
    const part = { ...at, content_index: 0 };
    frames.push(
      event('response.content_part.added', { ...part, part: { type: 'output_text', text: '', annotations: [] } }),
    );
    for (const piece of chunksOf(written))
      frames.push(event('response.output_text.delta', { ...part, delta: piece, logprobs: [] }));
    frames.push(event('response.output_text.done', { ...part, text, logprobs: [] }));
    frames.push(event('response.content_part.done', { ...part, part: { type: 'output_text', text, annotations: [] } }));
  }
  frames.push(event('response.output_item.done', { output_index: 0, item: item(true) }));
  frames.push(event('response.completed', { response: response(true) }));
  return writeFrames(res, frames, model);
}
