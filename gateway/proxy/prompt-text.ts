import { isObject, PromptWalk, type JsonObject, type PromptView } from './prompt-walk';

/**
 * Where the text a model reads lives in each wire format: messages and their
 * parts, tool calls and tool results, tool definitions, structured-output
 * schemas. Known kinds are read field by field; a content kind not listed here
 * goes through the generic walk over its strings, never past the policy unseen.
 * Binary payloads (base64 images, audio, files) and identifiers are skipped.
 */
export type { JsonObject, PromptView };

const NONE: readonly unknown[] = [];
const fields = (...names: string[]): ReadonlySet<string> => new Set(names);

/** The array, or none: the loops below allocate nothing for fields a request does not use. */
function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : NONE;
}

/** `holder[key]` as a list; a value of another type there is read by the walk's `stray` (and yields none). */
function each(w: PromptWalk, holder: JsonObject, key: string): readonly unknown[] {
  const value = holder[key];
  if (Array.isArray(value)) return value;
  if (value !== undefined && value !== null) w.stray(holder, key);
  return NONE;
}

/** Calls `read` on each object of `items`; anything else in the list is read by `stray`. */
function objects(w: PromptWalk, items: readonly unknown[], read: (w: PromptWalk, item: JsonObject) => void): void {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (isObject(item)) read(w, item);
    else w.stray(items as unknown[], i);
  }
}

/** A top-level string a provider receives about the end user, and metadata values. */
function callerFields(w: PromptWalk, body: JsonObject): void {
  w.text(body, 'user');
  w.stray(body, 'metadata');
}

// --- OpenAI chat completions ---------------------------------------------------------------

/** Per known part kind, the fields read (or holding bytes and identifiers); any other field goes to `rest`. */
const CHAT_PART_FIELDS: Record<string, ReadonlySet<string>> = {
  text: fields('type', 'text'),
  refusal: fields('type', 'refusal'),
  image_url: fields('type', 'image_url'),
  input_audio: fields('type', 'input_audio'), // audio bytes
  file: fields('type', 'file'),
};

function chatPart(w: PromptWalk, part: JsonObject): void {
  switch (part.type) {
    case 'text':
      w.text(part, 'text');
      break;
    case 'refusal':
      w.text(part, 'refusal');
      break;
    case 'image_url':
      w.url(part.image_url, 'url');
      break;
    case 'input_audio':
      break;
    case 'file':
      if (isObject(part.file)) w.text(part.file, 'filename');
      break;
    default:
      return w.unknown(part);
  }
  w.rest(part, CHAT_PART_FIELDS[part.type] as ReadonlySet<string>);
}

function chatContent(w: PromptWalk, holder: JsonObject, key: string): void {
  const content = holder[key];
  if (typeof content === 'string') w.text(holder, key);
  else objects(w, each(w, holder, key), chatPart);
}

function chatToolCall(w: PromptWalk, call: JsonObject): void {
  if (isObject(call.function)) w.json(call.function, 'arguments');
  else if (isObject(call.custom)) w.text(call.custom, 'input');
  else w.unknown(call);
}

/** Message fields read above, or holding identifiers rather than text (rewriting them would break the conversation). */
const CHAT_MESSAGE_FIELDS = fields(
  'role',
  'content',
  'name',
  'refusal',
  'tool_calls',
  'function_call',
  'tool_call_id',
  'id',
  'audio',
);

function chatMessage(w: PromptWalk, message: JsonObject): void {
  chatContent(w, message, 'content');
  w.text(message, 'name');
  w.text(message, 'refusal');
  objects(w, each(w, message, 'tool_calls'), chatToolCall);
  w.json(message.function_call, 'arguments');
  // An audio answer's transcript (its bytes are skipped).
  if (isObject(message.audio)) w.text(message.audio, 'transcript');
  // Text fields of OpenAI-compatible servers (vLLM's and DeepSeek's `reasoning_content`, `reasoning`), in answers
  // and in the conversations that send them back; annotations (a citation's title); anything else.
  w.rest(message, CHAT_MESSAGE_FIELDS);
}

/** A function definition's fields read above or holding no text (its name is an identifier); the rest go to `rest`. */
const FUNCTION_FIELDS = fields('name', 'description', 'strict', 'type', 'parameters', 'schema', 'input_schema');

function functionDefinition(w: PromptWalk, fn: JsonObject, parameters: string): void {
  w.text(fn, 'description');
  w.schema(fn[parameters]);
  w.rest(fn, FUNCTION_FIELDS);
}

/** A legacy `functions` entry. */
function legacyFunction(w: PromptWalk, fn: JsonObject): void {
  functionDefinition(w, fn, 'parameters');
}

function chatTool(w: PromptWalk, tool: JsonObject): void {
  if (isObject(tool.function)) functionDefinition(w, tool.function, 'parameters');
  else if (isObject(tool.custom)) w.text(tool.custom, 'description');
  else w.unknown(tool);
}

/**
 * Top-level fields of a chat request read above, or holding numbers, flags, enumerations and identifiers. The
 * rest (`stop` sequences, a search's `user_location`, an OpenAI-compatible server's own parameters) are read
 * by the generic walk.
 */
const CHAT_BODY_FIELDS = fields(
  ...['model', 'messages', 'tools', 'functions', 'prediction', 'response_format', 'user', 'metadata'],
  ...['stream', 'stream_options', 'temperature', 'top_p', 'n', 'max_tokens', 'max_completion_tokens'],
  ...['logprobs', 'top_logprobs', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'seed'],
  ...['service_tier', 'store', 'parallel_tool_calls', 'tool_choice', 'function_call', 'reasoning_effort'],
  ...['modalities', 'audio', 'verbosity', 'prompt_cache_key', 'safety_identifier'],
);

/** OpenAI chat: messages (text, parts, names, tool calls), tool and function definitions, prediction, response schema. */
export function openaiChatPrompt(body: JsonObject): PromptView {
  const w = new PromptWalk();
  objects(w, each(w, body, 'messages'), chatMessage);
  objects(w, each(w, body, 'tools'), chatTool);
  objects(w, each(w, body, 'functions'), legacyFunction);
  if (isObject(body.prediction)) chatContent(w, body.prediction, 'content');
  const format = body.response_format;
  if (isObject(format) && isObject(format.json_schema)) functionDefinition(w, format.json_schema, 'schema');
  callerFields(w, body);
  w.rest(body, CHAT_BODY_FIELDS);
  return w.view();
}

// --- Anthropic messages --------------------------------------------------------------------

function documentSource(w: PromptWalk, source: JsonObject): void {
  switch (source.type) {
    case 'text':
      return w.text(source, 'data');
    case 'content':
      return anthropicContent(w, source, 'content');
    case 'url':
      return w.url(source, 'url');
    case 'base64':
    case 'file':
      return;
    default:
      return w.unknown(source);
  }
}

/** Per known block kind, the fields read (or holding bytes and identifiers); any other field goes to `rest`. */
const ANTHROPIC_BLOCK_FIELDS: Record<string, ReadonlySet<string>> = {
  text: fields('type', 'text'),
  image: fields('type', 'source'),
  document: fields('type', 'source', 'title', 'context'),
  tool_use: fields('type', 'name', 'input'),
  server_tool_use: fields('type', 'name', 'input'),
  tool_result: fields('type', 'content', 'is_error'),
  thinking: fields('type', 'thinking'),
};

function anthropicBlock(w: PromptWalk, block: JsonObject): void {
  switch (block.type) {
    case 'text':
      // Its citations (`cited_text`, `document_title`) go to `rest`.
      w.text(block, 'text');
      break;
    case 'image':
      if (isObject(block.source) && block.source.type === 'url') w.url(block.source, 'url');
      break;
    case 'document':
      w.text(block, 'title');
      w.text(block, 'context');
      if (isObject(block.source)) documentSource(w, block.source);
      break;
    case 'tool_use':
    case 'server_tool_use':
      w.stray(block, 'input');
      break;
    case 'tool_result':
      anthropicContent(w, block, 'content');
      break;
    case 'thinking':
      w.text(block, 'thinking');
      break;
    case 'redacted_thinking':
      return; // encrypted by the provider
    default:
      return w.unknown(block);
  }
  w.rest(block, ANTHROPIC_BLOCK_FIELDS[block.type] as ReadonlySet<string>);
}

function anthropicContent(w: PromptWalk, holder: JsonObject, key: string): void {
  const content = holder[key];
  if (typeof content === 'string') w.text(holder, key);
  else objects(w, each(w, holder, key), anthropicBlock);
}

function anthropicTool(w: PromptWalk, tool: JsonObject): void {
  if (tool.input_schema !== undefined || tool.type === undefined || tool.type === 'custom')
    functionDefinition(w, tool, 'input_schema');
  else w.unknown(tool);
}

const ANTHROPIC_MESSAGE_FIELDS = fields('role', 'content');

function anthropicMessage(w: PromptWalk, message: JsonObject): void {
  anthropicContent(w, message, 'content');
  w.rest(message, ANTHROPIC_MESSAGE_FIELDS);
}
/** Top-level fields read above or holding no text; the rest (`stop_sequences`, …) go to the generic walk. */
const ANTHROPIC_BODY_FIELDS = fields(
  ...['model', 'system', 'messages', 'tools', 'metadata', 'max_tokens', 'stream', 'temperature', 'top_k'],
  ...['top_p', 'tool_choice', 'thinking', 'service_tier', 'container', 'mcp_servers', 'context_management'],
);

/** Anthropic messages: system blocks, text, tool use and results, documents, thinking, tool definitions. */
export function anthropicPrompt(body: JsonObject): PromptView {
  const w = new PromptWalk();
  anthropicContent(w, body, 'system');
  objects(w, each(w, body, 'messages'), anthropicMessage);
  objects(w, each(w, body, 'tools'), anthropicTool);
  w.stray(body, 'metadata');
  w.rest(body, ANTHROPIC_BODY_FIELDS);
  return w.view();
}

// --- OpenAI Responses ----------------------------------------------------------------------

/** Per known part kind, the fields read (or holding bytes, identifiers, token log-probabilities); the rest go to `rest`. */
const TEXT_PART = fields('type', 'text', 'logprobs');
const RESPONSES_PART_FIELDS: Record<string, ReadonlySet<string>> = {
  input_text: TEXT_PART,
  output_text: TEXT_PART,
  summary_text: TEXT_PART,
  reasoning_text: TEXT_PART,
  refusal: fields('type', 'refusal'),
  input_image: fields('type', 'image_url'),
  input_file: fields('type', 'filename', 'file_url'),
  input_audio: fields('type', 'input_audio'),
};

function responsesPart(w: PromptWalk, part: JsonObject): void {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'summary_text':
    case 'reasoning_text':
      // An answer's annotations (a citation's title and URL) go to `rest`.
      w.text(part, 'text');
      break;
    case 'refusal':
      w.text(part, 'refusal');
      break;
    case 'input_image':
      w.url(part, 'image_url');
      break;
    case 'input_file':
      w.text(part, 'filename');
      w.url(part, 'file_url');
      break;
    case 'input_audio':
      break;
    default:
      return w.unknown(part);
  }
  w.rest(part, RESPONSES_PART_FIELDS[part.type] as ReadonlySet<string>);
}

function responsesContent(w: PromptWalk, holder: JsonObject, key: string): void {
  const content = holder[key];
  if (typeof content === 'string') w.text(holder, key);
  else objects(w, each(w, holder, key), responsesPart);
}

/** Per known item kind, the fields read (or holding identifiers); any other field goes to `rest`. */
const RESPONSES_ITEM_FIELDS: Record<string, ReadonlySet<string>> = {
  message: fields('type', 'role', 'content'),
  function_call: fields('type', 'name', 'arguments', 'output'),
  mcp_call: fields('type', 'name', 'arguments', 'output', 'server_label'),
  function_call_output: fields('type', 'output'),
  custom_tool_call_output: fields('type', 'output'),
  custom_tool_call: fields('type', 'name', 'input'),
  reasoning: fields('type', 'summary', 'content'),
};

function responsesItem(w: PromptWalk, item: JsonObject): void {
  const type = item.type ?? 'message';
  switch (type) {
    case 'message':
      responsesContent(w, item, 'content');
      break;
    case 'function_call':
    case 'mcp_call':
      w.json(item, 'arguments');
      w.text(item, 'output');
      break;
    case 'function_call_output':
    case 'custom_tool_call_output':
      responsesContent(w, item, 'output');
      break;
    case 'custom_tool_call':
      w.text(item, 'input');
      break;
    case 'reasoning':
      objects(w, each(w, item, 'summary'), responsesPart);
      objects(w, each(w, item, 'content'), responsesPart);
      break;
    case 'item_reference':
      return;
    default:
      return w.unknown(item);
  }
  w.rest(item, RESPONSES_ITEM_FIELDS[type as string] as ReadonlySet<string>);
}

function responsesTool(w: PromptWalk, tool: JsonObject): void {
  if (tool.type === 'function') functionDefinition(w, tool, 'parameters');
  else if (tool.type === 'custom') w.text(tool, 'description');
  else w.unknown(tool);
}

/** Top-level fields of a Responses request read above or holding no text; the rest go to the generic walk. */
const RESPONSES_BODY_FIELDS = fields(
  ...['model', 'instructions', 'input', 'tools', 'text', 'prompt', 'user', 'metadata', 'stream', 'stream_options'],
  ...['temperature', 'top_p', 'top_logprobs', 'max_output_tokens', 'max_tool_calls', 'parallel_tool_calls'],
  ...['tool_choice', 'reasoning', 'include', 'previous_response_id', 'conversation', 'store', 'background'],
  ...['service_tier', 'truncation', 'prompt_cache_key', 'safety_identifier'],
);

/** OpenAI Responses: instructions, input items (messages, function calls and outputs, reasoning), tools, text format, prompt variables. */
export function responsesPrompt(body: JsonObject): PromptView {
  const w = new PromptWalk();
  if (typeof body.instructions === 'string') w.text(body, 'instructions');
  else objects(w, each(w, body, 'instructions'), responsesItem);
  if (typeof body.input === 'string') w.text(body, 'input');
  else objects(w, each(w, body, 'input'), responsesItem);
  objects(w, each(w, body, 'tools'), responsesTool);
  const format = isObject(body.text) ? body.text.format : undefined;
  if (isObject(format) && format.type === 'json_schema') functionDefinition(w, format, 'schema');
  if (isObject(body.prompt) && body.prompt.variables !== undefined) w.unknown(body.prompt.variables);
  callerFields(w, body);
  w.rest(body, RESPONSES_BODY_FIELDS);
  return w.view();
}

// --- Embeddings ----------------------------------------------------------------------------

const EMBEDDINGS_BODY_FIELDS = fields('model', 'input', 'encoding_format', 'dimensions', 'user');

/**
 * Embeddings: a string or an array of strings; token arrays carry no text to inspect (numbers), and strings
 * nested anywhere else in the input are read all the same.
 */
export function embeddingsPrompt(body: JsonObject): PromptView {
  const w = new PromptWalk();
  const input = body.input;
  if (typeof input === 'string') w.text(body, 'input');
  else if (Array.isArray(input))
    for (let i = 0; i < input.length; i++) {
      const item: unknown = input[i];
      if (typeof item === 'string') w.text(input, i);
      else if (typeof item === 'object' && item !== null) w.unknown(item);
    }
  else w.stray(body, 'input');
  w.text(body, 'user');
  w.rest(body, EMBEDDINGS_BODY_FIELDS);
  return w.view();
}

// --- What a model wrote (non-streamed responses) -------------------------------------------

/** Every choice of a chat completion: content, refusal, tool-call arguments (token by token). */
export function chatCompletionText(response: JsonObject): PromptView {
  const w = new PromptWalk();
  for (const choice of list(response.choices))
    if (isObject(choice) && isObject(choice.message)) chatMessage(w, choice.message);
  return w.view();
}

/** An Anthropic message's blocks: text, tool_use input, thinking. */
export function anthropicCompletionText(response: JsonObject): PromptView {
  const w = new PromptWalk();
  anthropicContent(w, response, 'content');
  return w.view();
}

/** A Responses API response's output items: message text, refusals, function-call arguments, reasoning. */
export function responsesCompletionText(response: JsonObject): PromptView {
  const w = new PromptWalk();
  for (const item of list(response.output)) if (isObject(item)) responsesItem(w, item);
  return w.view();
}
