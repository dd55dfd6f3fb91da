import { GatewayError } from '../http/wire-errors';

/** What the translation modules share: JSON helpers and the one error a request that cannot be translated raises. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A JSON object parsed from `text` (an answer, an event's data), or undefined when it is not one. */
export function parseObject(text: string): JsonObject | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** An OpenAI function definition (chat's `tools[].function`, a Responses function tool) as an Anthropic tool. */
export function anthropicToolDefinition(fn: JsonObject): JsonObject {
  return {
    name: str(fn.name) ?? '',
    ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
    input_schema: isObject(fn.parameters) ? fn.parameters : { type: 'object', properties: {} },
  };
}

/**
 * OpenAI's `tool_choice` and `parallel_tool_calls` as Anthropic's `tool_choice`: `auto`, `none`, `required` (any),
 * one function by name (`named` reads its name from the format's shape, null when it is not one); anything else
 * is refused through `refuse`.
 */
export function anthropicToolChoice(
  choice: unknown,
  parallel: unknown,
  named: (choice: JsonObject) => string | null,
  refuse: (choice: unknown) => never,
): JsonObject | undefined {
  let out: JsonObject | undefined;
  const name = isObject(choice) ? named(choice) : null;
  if (choice === 'auto') out = { type: 'auto' };
  else if (choice === 'none') out = { type: 'none' };
  else if (choice === 'required') out = { type: 'any' };
  else if (name !== null) out = { type: 'tool', name };
  else if (choice !== undefined && choice !== null) refuse(choice);
  if (parallel === false && out?.type !== 'none')
    out = { ...(out ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return out;
}

/** An image URL as an Anthropic image block (a data URL inline, an http(s) URL by reference), or null. */
export function anthropicImage(url: string): JsonObject | null {
  const data = parseDataUrl(url);
  if (data) return { type: 'image', source: { type: 'base64', media_type: data.mediaType, data: data.data } };
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  return null;
}

/** An inline PDF (a data URL) as an Anthropic document block, titled with its file name; null for anything else. */
export function anthropicPdf(fileData: unknown, filename: unknown): JsonObject | null {
  const data = parseDataUrl(str(fileData) ?? '');
  if (data?.mediaType !== 'application/pdf') return null;
  return {
    type: 'document',
    source: { type: 'base64', media_type: data.mediaType, data: data.data },
    ...(typeof filename === 'string' ? { title: filename } : {}),
  };
}

/** A caller-chosen value for an error message: its text when it is one. */
export function label(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

/** A 400 in the caller's format: the request uses something the other wire format cannot express. */
export function untranslatable(what: string, target: 'Anthropic' | 'OpenAI'): GatewayError {
  return new GatewayError(
    'invalid_request',
    `${what} cannot be translated for this model, which is served in the ${target} wire format`,
  );
}

/** `data:<media type>;base64,<data>` → its parts, or null for any other URL. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | null {
  const match = /^data:([^;,]+);base64,/.exec(url);
  if (!match?.[1]) return null;
  return { mediaType: match[1], data: url.slice(match[0].length) };
}

/** Tool-call arguments as Anthropic's `input` object. Arguments that are not a JSON object are kept under `arguments`. */
export function argumentsObject(args: unknown): JsonObject {
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(args);
    if (isObject(parsed)) return parsed;
  } catch {
    // falls through
  }
  return { arguments: args };
}

// --- stop reasons ----------------------------------------------------------------------------

const TO_OPENAI_FINISH: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

const TO_ANTHROPIC_STOP: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal',
};

export function finishReason(stopReason: unknown): string | null {
  if (typeof stopReason !== 'string') return null;
  return TO_OPENAI_FINISH[stopReason] ?? 'stop';
}

export function stopReason(finish: unknown): string | null {
  if (typeof finish !== 'string') return null;
  return TO_ANTHROPIC_STOP[finish] ?? 'end_turn';
}

// --- usage -----------------------------------------------------------------------------------

/**
 * Anthropic usage → OpenAI usage. Anthropic counts cached input apart from
 * `input_tokens`; OpenAI's `prompt_tokens` includes it (`cached_tokens` says how much was read from cache).
 */
export function openaiUsage(usage: unknown): JsonObject | null {
  if (!isObject(usage)) return null;
  const input = num(usage.input_tokens) ?? 0;
  const cacheRead = num(usage.cache_read_input_tokens) ?? 0;
  const cacheWrite = num(usage.cache_creation_input_tokens) ?? 0;
  const output = num(usage.output_tokens) ?? 0;
  const prompt = input + cacheRead + cacheWrite;
  return {
    prompt_tokens: prompt,
    completion_tokens: output,
    total_tokens: prompt + output,
    prompt_tokens_details: { cached_tokens: cacheRead },
  };
}

/** OpenAI usage → Anthropic usage: cached prompt tokens move out of `input_tokens` into `cache_read_input_tokens`. */
export function anthropicUsage(usage: unknown): JsonObject {
  if (!isObject(usage)) return { input_tokens: 0, output_tokens: 0 };
  const prompt = num(usage.prompt_tokens) ?? 0;
  const cached = isObject(usage.prompt_tokens_details) ? (num(usage.prompt_tokens_details.cached_tokens) ?? 0) : 0;
  return {
    input_tokens: Math.max(0, prompt - cached),
    output_tokens: num(usage.completion_tokens) ?? 0,
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: 0,
  };
}
