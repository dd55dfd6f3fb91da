import {
  anthropicUsage,
  argumentsObject,
  finishReason,
  isObject,
  list,
  openaiUsage,
  stopReason,
  str,
  type JsonObject,
} from './shared';

/** An Anthropic message as an OpenAI chat completion: text blocks joined, tool_use blocks as tool calls. */
export function messageToChatCompletion(message: JsonObject, created: number): JsonObject {
  let text = '';
  const toolCalls: JsonObject[] = [];
  for (const block of list(message.content)) {
    if (!isObject(block)) continue;
    if (block.type === 'text') text += str(block.text) ?? '';
    else if (block.type === 'tool_use')
      toolCalls.push({
        id: str(block.id) ?? '',
        type: 'function',
        function: { name: str(block.name) ?? '', arguments: JSON.stringify(block.input ?? {}) },
      });
  }
  const usage = openaiUsage(message.usage);
  return {
    id: str(message.id) ?? '',
    object: 'chat.completion',
    created,
    model: message.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text || (toolCalls.length ? null : ''),
          refusal: null,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: finishReason(message.stop_reason) ?? 'stop',
        logprobs: null,
      },
    ],
    ...(usage ? { usage } : {}),
  };
}

/** An OpenAI chat completion (its first choice) as an Anthropic message. */
export function chatCompletionToMessage(completion: JsonObject): JsonObject {
  const choice = list(completion.choices).find(isObject) ?? {};
  const message = isObject(choice.message) ? choice.message : {};
  const content: JsonObject[] = [];
  const text = (str(message.content) ?? '') || (str(message.refusal) ?? '');
  if (text) content.push({ type: 'text', text });
  for (const call of list(message.tool_calls)) {
    if (!isObject(call)) continue;
    const fn = isObject(call.function) ? call.function : {};
    content.push({
      type: 'tool_use',
      id: str(call.id) ?? '',
      name: str(fn.name) ?? '',
      input: argumentsObject(fn.arguments),
    });
  }
  return {
    id: str(completion.id) ?? '',
    type: 'message',
    role: 'assistant',
    model: completion.model,
    content,
    stop_reason: stopReason(choice.finish_reason) ?? 'end_turn',
    stop_sequence: null,
    usage: anthropicUsage(completion.usage),
  };
}

// --- errors ----------------------------------------------------------------------------------

function anthropicErrorType(status: number): string {
  if (status === 400) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 529 || status === 503) return 'overloaded_error';
  return status >= 500 ? 'api_error' : 'invalid_request_error';
}

function openaiErrorType(status: number): string {
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** The message an error body in either format carries (never more than the provider's own words). */
function errorMessage(body: JsonObject | undefined, status: number): string {
  const error = body && isObject(body.error) ? body.error : undefined;
  return str(error?.message) ?? `The upstream provider answered ${status}`;
}

/** An upstream Anthropic error as OpenAI writes errors; the status stays (it decides the SDK's error class). */
export function openaiErrorBody(anthropicError: JsonObject | undefined, status: number): JsonObject {
  const error = anthropicError && isObject(anthropicError.error) ? anthropicError.error : {};
  return {
    error: {
      message: errorMessage(anthropicError, status),
      type: openaiErrorType(status),
      param: null,
      code: str(error.type) ?? null,
    },
  };
}

/** An upstream OpenAI error as Anthropic writes errors. */
export function anthropicErrorBody(openaiError: JsonObject | undefined, status: number): JsonObject {
  return { type: 'error', error: { type: anthropicErrorType(status), message: errorMessage(openaiError, status) } };
}
