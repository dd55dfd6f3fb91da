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

/** The array, or none: the loops below allocate nothing for fields a request does not use. */
function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : NONE;
}

/** A top-level string a provider receives about the end user, and metadata values. */
function callerFields(w: PromptWalk, body: JsonObject): void {
  w.text(body, 'user');
  if (body.metadata !== undefined) w.values(body.metadata);
}

// --- OpenAI chat completions ---------------------------------------------------------------

function chatPart(w: PromptWalk, part: JsonObject): void {
  switch (part.type) {
    case 'text':
      return w.text(part, 'text');
    case 'refusal':
      return w.text(part, 'refusal');
    case 'image_url':
      return w.url(part.image_url, 'url');
    case 'input_audio':
      return; // audio bytes
    case 'file':
      if (isObject(part.file)) w.text(part.file, 'filename');
      return;
    default:
      return w.unknown(part);
  }
}

function chatContent(w: PromptWalk, holder: JsonObject, key: string): void {
  const content = holder[key];
  if (typeof content === 'string') w.text(holder, key);
  else for (const part of list(content)) if (isObject(part)) chatPart(w, part);
}

function chatToolCall(w: PromptWalk, call: JsonObject): void {
  if (isObject(call.function)) w.json(call.function, 'arguments');
  else if (isObject(call.custom)) w.text(call.custom, 'input');
  else w.unknown(call);
}

/** Message fields read above, or holding identifiers rather than text (rewriting them would break the conversation). */
const CHAT_MESSAGE_FIELDS = new Set([
  'role',
  'content',
  'name',
  'refusal',
  'tool_calls',
  'function_call',
  'tool_call_id',
  'id',
]);

function chatMessage(w: PromptWalk, message: JsonObject): void {
  chatContent(w, message, 'content');
  w.text(message, 'name');
  w.text(message, 'refusal');
  for (const call of list(message.tool_calls)) if (isObject(call)) chatToolCall(w, call);
  w.json(message.function_call, 'arguments');
  // Text fields of OpenAI-compatible servers (vLLM's and DeepSeek's `reasoning_content`, `reasoning`), in answers
  // and in the conversations that send them back.
  for (const field in message)
    if (!CHAT_MESSAGE_FIELDS.has(field) && typeof message[field] === 'string') w.text(message, field);
}

function functionDefinition(w: PromptWalk, fn: JsonObject, parameters: string): void {
  w.text(fn, 'description');
  w.schema(fn[parameters]);
}

function chatTool(w: PromptWalk, tool: JsonObject): void {
  if (isObject(tool.function)) functionDefinition(w, tool.function, 'parameters');
  else if (isObject(tool.custom)) w.text(tool.custom, 'description');
  else w.unknown(tool);
}

/** OpenAI chat: messages (text, parts, names, tool calls), tool and function definitions, prediction, response schema. */
export function openaiChatPrompt(body: JsonObject): PromptView {
  const w = new PromptWalk();
  for (const message of list(body.messages)) if (isObject(message)) chatMessage(w, message);
  for (const tool of list(body.tools)) if (isObject(tool)) chatTool(w, tool);
  for (const fn of list(body.functions)) if (isObject(fn)) functionDefinition(w, fn, 'parameters');
  if (isObject(body.prediction)) chatContent(w, body.prediction, 'content');
  const format = body.response_format;
  if (isObject(format) && isObject(format.json_schema)) functionDefinition(w, format.json_schema, 'schema');
  callerFields(w, body);
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

function anthropicBlock(w: PromptWalk, block: JsonObject): void {
  switch (block.type) {
    case 'text':
      return w.text(block, 'text');
    case 'image':
      if (isObject(block.source) && block.source.type === 'url') w.url(block.source, 'url');
      return;
    case 'document':
      w.text(block, 'title');
      w.text(block, 'context');
      if (isObject(block.source)) documentSource(w, block.source);
      return;
    case 'tool_use':
    case 'server_tool_use':
      return w.values(block.input);
    case 'tool_result':
      return anthropicContent(w, block, 'content');
    case 'thinking':
      return w.text(block, 'thinking');
    case 'redacted_thinking':
      return; // encrypted by the provider
    default:
      return w.unknown(block);
  }
}

function anthropicContent(w: PromptWalk, holder: JsonObject, key: string): void {
  const content = holder[key];
  if (typeof content === 'string') w.text(holder, key);
  else for (const block of list(content)) if (isObject(block)) anthropicBlock(w, block);
}

function anthropicTool(w: PromptWalk, tool: JsonObject): void {
  if (tool.input_schema !== undefined || tool.type === undefined || tool.type === 'custom')
    functionDefinition(w, tool, 'input_schema');
  else w.unknown(tool);
}

/** Anthropic messages: system blocks, text, tool use and results, documents, thinking, tool definitions. */
export function anthropicPrompt(body: JsonObject): PromptView {
  const w = new PromptWalk();
  anthropicContent(w, body, 'system');
  for (const message of list(body.messages)) if (isObject(message)) anthropicContent(w, message, 'content');
  for (const tool of list(body.tools)) if (isObject(tool)) anthropicTool(w, tool);
  if (body.metadata !== undefined) w.values(body.metadata);
  return w.view();
}

// --- OpenAI Responses ----------------------------------------------------------------------

function responsesPart(w: PromptWalk, part: JsonObject): void {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'summary_text':
    case 'reasoning_text':
      return w.text(part, 'text');
    case 'refusal':
      return w.text(part, 'refusal');
    case 'input_image':
      return w.url(part, 'image_url');
    case 'input_file':
      w.text(part, 'filename');
      return w.url(part, 'file_url');
    case 'input_audio':
      return;
    default:
      return w.unknown(part);
  }
}

function responsesContent(w: PromptWalk, holder: JsonObject, key: string): void {
  const content = holder[key];
  if (typeof content === 'string') w.text(holder, key);
  else for (const part of list(content)) if (isObject(part)) responsesPart(w, part);
}

function responsesItem(w: PromptWalk, item: JsonObject): void {
  switch (item.type) {
    case undefined:
    case 'message':
      return responsesContent(w, item, 'content');
    case 'function_call':
    case 'mcp_call':
      w.json(item, 'arguments');
      return w.text(item, 'output');
    case 'function_call_output':
    case 'custom_tool_call_output':
      return responsesContent(w, item, 'output');
    case 'custom_tool_call':
      return w.text(item, 'input');
    case 'reasoning':
      for (const part of list(item.summary)) if (isObject(part)) responsesPart(w, part);
      for (const part of list(item.content)) if (isObject(part)) responsesPart(w, part);
      return;
    case 'item_reference':
      return;
    default:
      return w.unknown(item);
  }
}

function responsesTool(w: PromptWalk, tool: JsonObject): void {
  if (tool.type === 'function') functionDefinition(w, tool, 'parameters');
  else if (tool.type === 'custom') w.text(tool, 'description');
  else w.unknown(tool);
}

/** OpenAI Responses: instructions, input items (messages, function calls and outputs, reasoning), tools, text format, prompt variables. */
export function responsesPrompt(body: JsonObject): PromptView {
  const w = new PromptWalk();
  if (typeof body.instructions === 'string') w.text(body, 'instructions');
  else for (const item of list(body.instructions)) if (isObject(item)) responsesItem(w, item);
  if (typeof body.input === 'string') w.text(body, 'input');
  else for (const item of list(body.input)) if (isObject(item)) responsesItem(w, item);
  for (const tool of list(body.tools)) if (isObject(tool)) responsesTool(w, tool);
  const format = isObject(body.text) ? body.text.format : undefined;
  if (isObject(format) && format.type === 'json_schema') functionDefinition(w, format, 'schema');
  if (isObject(body.prompt) && body.prompt.variables !== undefined) w.unknown(body.prompt.variables);
  callerFields(w, body);
  return w.view();
}

// --- Embeddings ----------------------------------------------------------------------------

/** Embeddings: a string or an array of strings (token arrays carry no text to inspect). */
export function embeddingsPrompt(body: JsonObject): PromptView {
  const w = new PromptWalk();
  if (typeof body.input === 'string') w.text(body, 'input');
  else if (Array.isArray(body.input)) for (let i = 0; i < body.input.length; i++) w.text(body.input, i);
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
