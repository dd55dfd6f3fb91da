import type { ServerResponse } from 'node:http';
import {
  choiceTexts,
  chunksOf,
  lastUserText,
  promptChars,
  sendJson,
  toolCallOf,
  writeFrames,
  type Json,
} from './fake-wire';

/** OpenAI chat completions: text, or a tool call (`fake-tools`); `n` choices; streamed with interleaved choices. */
export function openaiChat(res: ServerResponse, body: Json): Promise<void> | void {
  const model = String(body.model);
  const n = typeof body.n === 'number' && body.n > 1 ? Math.min(body.n, 8) : 1;
  const texts = choiceTexts(lastUserText(body.messages), n);
  const tools = model === 'fake-tools';
  const calls = texts.map((text) => toolCallOf(body, text));
  const written = tools ? calls.map((c) => c.arguments) : texts;
  const promptTokens = Math.ceil(promptChars(body) / 4);
  const completionTokens = written.reduce((sum, text) => sum + chunksOf(text).length, 0);
  const usage =
    model === 'fake-no-usage'
      ? undefined
      : {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        };
  const id = 'chatcmpl-fake';
  const created = Math.floor(Date.now() / 1000);
  const callId = (i: number) => `call_fake_${i}`;
  if (body.stream !== true) {
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: texts.map((text, index) => ({
        index,
        message: tools
          ? {
              role: 'assistant',
              content: null,
              refusal: null,
              tool_calls: [{ id: callId(index), type: 'function', function: calls[index] }],
            }
          : { role: 'assistant', content: text, refusal: null },
        finish_reason: tools ? 'tool_calls' : 'stop',
        logprobs: null,
      })),
      ...(usage ? { usage } : {}),
    });
    return;
  }
  const includeUsage = Boolean(usage) && (body.stream_options as Json | undefined)?.include_usage === true;
  const frame = (choices: unknown[], extra: Json = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`;
  const frames: string[] = [];
  for (let index = 0; index < n; index++) {
    const call = calls[index];
    const delta =
      tools && call
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [
              { index: 0, id: callId(index), type: 'function', function: { name: call.name, arguments: '' } },
            ],
          }
        : { role: 'assistant', content: '' };
    frames.push(frame([{ index, delta, finish_reason: null }]));
  }
  // Round robin over the choices, one piece each, as a provider interleaves them.
  const pieces = written.map(chunksOf);
  for (let step = 0; pieces.some((p) => step < p.length); step++)
    for (let index = 0; index < n; index++) {
      const piece = pieces[index]?.[step];
      if (piece === undefined) continue;
      const delta = tools ? { tool_calls: [{ index: 0, function: { arguments: piece } }] } : { content: piece };
      frames.push(frame([{ index, delta, finish_reason: null }]));
    }
  for (let index = 0; index < n; index++)
    frames.push(frame([{ index, delta: {}, finish_reason: tools ? 'tool_calls' : 'stop' }]));
  if (includeUsage) frames.push(frame([], { usage }));
  frames.push('data: [DONE]\n\n');
  return writeFrames(res, frames, model);
}

export function embeddings(res: ServerResponse, body: Json): void {
  const inputs = Array.isArray(body.input) ? (body.input as unknown[]) : [body.input];
  const tokens = Math.ceil(promptChars(body) / 4);
  sendJson(res, 200, {
    object: 'list',
    model: body.model,
    data: inputs.map((input, index) => {
      const seed = String(input).length;
      return { object: 'embedding', index, embedding: [0, 1, 2, 3].map((k) => ((seed * (k + 1)) % 97) / 97) };
    }),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
