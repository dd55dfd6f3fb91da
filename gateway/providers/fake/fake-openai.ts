import type { ServerResponse } from 'node:http';
import {
  callsTools,
  choiceTexts,
  chunksOf,
  lastUserText,
  promptChars,
  sendJson,
  toolCallsOf,
  toolResultText,
  writeFrames,
  type Json,
} from './fake-wire';

/**
 * OpenAI chat completions: text, or tool calls (`…-tools`; `…-parallel-tools`
 * calls every tool, their argument deltas interleaved); `n` choices; streamed
 * with interleaved choices.
 */
export function openaiChat(res: ServerResponse, body: Json): Promise<void> | void {
  const model = String(body.model);
  const n = typeof body.n === 'number' && body.n > 1 ? Math.min(body.n, 8) : 1;
  const toolResult = callsTools(model) ? toolResultText(body.messages) : null;
  const length = model.endsWith('-length');
  const texts = (toolResult !== null ? [`Tool said: ${toolResult}`] : choiceTexts(lastUserText(body.messages), n)).map(
    (text) => (length ? (chunksOf(text)[0] ?? '') : text),
  );
  const tools = callsTools(model) && toolResult === null;
  const parallel = model.endsWith('-parallel-tools');
  const calls = texts.map((text) => (tools ? toolCallsOf(body, text, parallel) : []));
  const written = tools ? calls.flat().map((c) => c.arguments) : texts;
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
  const callId = (choice: number, k: number) => (k === 0 ? `call_fake_${choice}` : `call_fake_${choice}_${k}`);
  const finish = tools ? 'tool_calls' : length ? 'length' : 'stop';
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
              tool_calls: (calls[index] ?? []).map((call, k) => ({
                id: callId(index, k),
                type: 'function',
                function: call,
              })),
            }
          : { role: 'assistant', content: text, refusal: null },
        finish_reason: finish,
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
    const choiceCalls = tools ? (calls[index] ?? []) : [];
    if (choiceCalls.length === 0) {
      frames.push(frame([{ index, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
      continue;
    }
    choiceCalls.forEach((call, k) => {
      const start = { index: k, id: callId(index, k), type: 'function', function: { name: call.name, arguments: '' } };
      const delta = k === 0 ? { role: 'assistant', content: null, tool_calls: [start] } : { tool_calls: [start] };
      frames.push(frame([{ index, delta, finish_reason: null }]));
    });
  }
  // Round robin over the choices and their tool calls, one piece each, as a provider interleaves them.
  const pieces = texts.map((text, index) =>
    tools ? (calls[index] ?? []).map((call) => chunksOf(call.arguments)) : [chunksOf(text)],
  );
  const longest = Math.max(0, ...pieces.flat().map((p) => p.length));
  for (let step = 0; step < longest; step++)
    for (let index = 0; index < n; index++)
      (pieces[index] ?? []).forEach((callPieces, k) => {
        const piece = callPieces[step];
        if (piece === undefined) return;
        const delta = tools ? { tool_calls: [{ index: k, function: { arguments: piece } }] } : { content: piece };
        frames.push(frame([{ index, delta, finish_reason: null }]));
      });
  for (let index = 0; index < n; index++) frames.push(frame([{ index, delta: {}, finish_reason: finish }]));
  if (includeUsage) frames.push(frame([], { usage }));
  frames.push('data: [DONE]\n\n');
  if (model.endsWith('-stream-error'))
    return writeFrames(
      res,
      [
        ...frames.slice(0, 2),
        `data: ${JSON.stringify({ error: { message: 'fake upstream failed mid-stream', type: 'server_error', param: null, code: null } })}\n\n`,
      ],
      model,
    );
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
