import { randomBytes } from 'node:crypto';
import { DEFAULT_ANTHROPIC_MAX_TOKENS } from './requests';
import { openaiErrorBody } from './responses';
import {
  argumentsObject,
  isObject,
  label,
  list,
  num,
  str,
  untranslatable,
  type JsonObject,
  anthropicImage,
  anthropicPdf,
  anthropicToolChoice,
  anthropicToolDefinition,
  parseObject,
} from './shared';
import type { StreamTranslator } from './streams';

/*
 * The OpenAI Responses API for a model served in the Anthropic Messages format:
 * the request as a Messages request, the message as a Response object, and the
 * Messages events as the Responses API's typed events. The Responses API keeps
 * conversations and runs tools on OpenAI's side; what needs that is refused.
 */

/** A new id with OpenAI's prefix for its kind (`resp`, `msg`, `fc`). */
export function responsesId(prefix: 'resp' | 'msg' | 'fc'): string {
  return `${prefix}_${randomBytes(16).toString('hex')}`;
}

// --- request ---------------------------------------------------------------------------------

/** Request fields that only make sense with OpenAI keeping state or running tools: refused when set. */
const STATEFUL_FIELDS = ['previous_response_id', 'conversation', 'prompt'] as const;

function refuse(what: string): never {
  throw untranslatable(what, 'Anthropic');
}

function imageBlock(part: JsonObject): JsonObject {
  if (typeof part.file_id === 'string') refuse('An input_image given by file_id');
  return (
    anthropicImage(str(part.image_url) ?? '') ?? refuse('An input_image that is neither a data URL nor an http(s) URL')
  );
}

function fileBlock(part: JsonObject): JsonObject {
  return anthropicPdf(part.file_data, part.filename) ?? refuse('An input_file other than an inline PDF (a data URL)');
}

/** A message item's content (or a function_call_output's output) as Anthropic blocks. */
function contentBlocks(content: unknown, what: string): JsonObject[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const blocks: JsonObject[] = [];
  for (const part of list(content)) {
    if (!isObject(part)) continue;
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        if (typeof part.text === 'string' && part.text) blocks.push({ type: 'text', text: part.text });
        break;
      case 'refusal':
        if (typeof part.refusal === 'string' && part.refusal) blocks.push({ type: 'text', text: part.refusal });
        break;
      case 'input_image':
        blocks.push(imageBlock(part));
        break;
      case 'input_file':
        blocks.push(fileBlock(part));
        break;
      default:
        refuse(`A ${what} content part of type "${label(part.type)}"`);
    }
  }
  return blocks;
}

function textOnly(blocks: JsonObject[], what: string): string {
  return blocks.map((b) => (b.type === 'text' ? (b.text as string) : refuse(`A ${what} that is not text`))).join('\n');
}

/** Appends blocks to the conversation, merging consecutive turns of one role (Anthropic alternates user and assistant). */
function pushTurn(messages: JsonObject[], role: 'user' | 'assistant', blocks: JsonObject[]): void {
  if (blocks.length === 0) return;
  const last = messages.at(-1);
  if (last && last.role === role) (last.content as JsonObject[]).push(...blocks);
  else messages.push({ role, content: blocks });
}

function messageItem(item: JsonObject, system: string[], messages: JsonObject[]): void {
  switch (item.role) {
    case 'system':
    case 'developer':
      system.push(textOnly(contentBlocks(item.content, `${item.role} message`), `${item.role} message`));
      return;
    case 'user':
      pushTurn(messages, 'user', contentBlocks(item.content, 'user message'));
      return;
    case 'assistant':
      pushTurn(messages, 'assistant', contentBlocks(item.content, 'assistant message'));
      return;
    default:
      refuse(`An input message with role "${label(item.role)}"`);
  }
}

function toolResult(item: JsonObject): JsonObject {
  const output = item.output;
  const blocks = contentBlocks(output ?? '', 'function_call_output');
  const content = typeof output === 'string' ? output : blocks.length ? blocks : '';
  return { type: 'tool_result', tool_use_id: str(item.call_id) ?? '', content };
}

function inputItem(item: JsonObject, system: string[], messages: JsonObject[]): void {
  // An item without a type is an "easy" input message ({ role, content }).
  const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
  switch (type) {
    case 'message':
      messageItem(item, system, messages);
      return;
    case 'function_call':
      pushTurn(messages, 'assistant', [
        {
          type: 'tool_use',
          id: str(item.call_id) ?? '',
          name: str(item.name) ?? '',
          input: argumentsObject(item.arguments),
        },
      ]);
      return;
    case 'function_call_output': {
      // Anthropic wants a turn's tool results before anything else in it.
      const last = messages.at(-1);
      if (last?.role !== 'user') pushTurn(messages, 'user', [toolResult(item)]);
      else {
        const blocks = last.content as JsonObject[];
        const at = blocks.findIndex((b) => b.type !== 'tool_result');
        blocks.splice(at === -1 ? blocks.length : at, 0, toolResult(item));
      }
      return;
    }
    default:
      refuse(`An input item of type "${label(type)}"`);
  }
}

function anthropicTool(tool: unknown): JsonObject {
  if (!isObject(tool) || tool.type !== 'function')
    return refuse(`A tool of type "${isObject(tool) ? label(tool.type) : typeof tool}" (only function tools are)`);
  return anthropicToolDefinition(tool);
}

/** The Responses API names one function as `{type: 'function', name}`. */
const namedFunction = (choice: JsonObject) => (choice.type === 'function' ? (str(choice.name) ?? '') : null);
const refuseToolChoice = (choice: unknown): never =>
  refuse(`tool_choice ${isObject(choice) ? `of type "${label(choice.type)}"` : `"${label(choice)}"`}`);

/**
 * A Responses API request as an Anthropic Messages request: `instructions` and
 * system/developer input messages become `system`, message items user and
 * assistant turns, `function_call` items `tool_use` blocks and
 * `function_call_output` items `tool_result` blocks (consecutive turns of one
 * role merge). What needs OpenAI's stored state or its built-in tools is refused.
 */
export function responsesToMessagesRequest(body: JsonObject): JsonObject {
  for (const field of STATEFUL_FIELDS)
    if (body[field] !== undefined && body[field] !== null) refuse(`${field} (state kept by OpenAI)`);
  if (body.background === true) refuse('background');
  const format = isObject(body.text) && isObject(body.text.format) ? body.text.format.type : undefined;
  if (format !== undefined && format !== 'text') refuse(`text.format "${label(format)}"`);
  const topLogprobs = num(body.top_logprobs);
  if (topLogprobs !== undefined && topLogprobs > 0) refuse('top_logprobs');
  if (body.max_tool_calls !== undefined && body.max_tool_calls !== null) refuse('max_tool_calls');

  const system: string[] = [];
  if (typeof body.instructions === 'string') system.push(body.instructions);
  else
    for (const item of list(body.instructions))
      if (isObject(item))
        system.push(textOnly(contentBlocks(item.content, 'instructions message'), 'instructions message'));
  const messages: JsonObject[] = [];
  if (typeof body.input === 'string') pushTurn(messages, 'user', contentBlocks(body.input, 'input'));
  else for (const item of list(body.input)) if (isObject(item)) inputItem(item, system, messages);

  const out: JsonObject = {
    model: body.model,
    max_tokens: num(body.max_output_tokens) ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    messages,
  };
  const systemText = system.filter((s) => s.length > 0).join('\n\n');
  if (systemText) out.system = systemText;
  const temperature = num(body.temperature);
  if (temperature !== undefined) out.temperature = Math.min(1, temperature);
  const topP = num(body.top_p);
  if (topP !== undefined) out.top_p = topP;
  const tools = list(body.tools);
  if (tools.length > 0) out.tools = tools.map(anthropicTool);
  const toolChoice =
    tools.length > 0
      ? anthropicToolChoice(body.tool_choice, body.parallel_tool_calls, namedFunction, refuseToolChoice)
      : undefined;
  if (toolChoice) out.tool_choice = toolChoice;
  const user = str(body.safety_identifier) ?? str(body.user);
  if (user) out.metadata = { user_id: user };
  if (body.stream === true) out.stream = true;
  return out;
}

// --- answer ----------------------------------------------------------------------------------

/**
 * Anthropic usage → Responses usage: `input_tokens` includes what was read from
 * and written to the cache (`cached_tokens` says how much was read).
 */
export function responsesUsage(usage: unknown): JsonObject | null {
  if (!isObject(usage)) return null;
  const cacheRead = num(usage.cache_read_input_tokens) ?? 0;
  const input = (num(usage.input_tokens) ?? 0) + cacheRead + (num(usage.cache_creation_input_tokens) ?? 0);
  const output = num(usage.output_tokens) ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cacheRead },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

/** A stop reason as the response's status: a cut answer is `incomplete`, with why. */
function outcome(stopReason: unknown): { status: string; incomplete: JsonObject | null } {
  if (stopReason === 'max_tokens' || stopReason === 'model_context_window_exceeded')
    return { status: 'incomplete', incomplete: { reason: 'max_output_tokens' } };
  if (stopReason === 'refusal') return { status: 'incomplete', incomplete: { reason: 'content_filter' } };
  return { status: 'completed', incomplete: null };
}

/** A request setting as the Response repeats it: the caller's value, or OpenAI's default when it set none. */
function setting(request: JsonObject, field: string, fallback: unknown): unknown {
  const value = request[field];
  return value === undefined ? fallback : value;
}

function responseObject(
  fields: {
    id: string;
    createdAt: number;
    model: unknown;
    status: string;
    incomplete: JsonObject | null;
    output: JsonObject[];
    usage: JsonObject | null;
  },
  request: JsonObject,
): JsonObject {
  return {
    id: fields.id,
    object: 'response',
    created_at: fields.createdAt,
    status: fields.status,
    error: null,
    incomplete_details: fields.incomplete,
    instructions: setting(request, 'instructions', null),
    max_output_tokens: setting(request, 'max_output_tokens', null),
    model: fields.model,
    output: fields.output,
    parallel_tool_calls: setting(request, 'parallel_tool_calls', true),
    previous_response_id: null,
    temperature: setting(request, 'temperature', 1),
    text: setting(request, 'text', { format: { type: 'text' } }),
    tool_choice: setting(request, 'tool_choice', 'auto'),
    tools: setting(request, 'tools', []),
    top_p: setting(request, 'top_p', 1),
    // Nothing is kept: a translated response cannot be continued by id.
    store: false,
    metadata: setting(request, 'metadata', {}),
    usage: fields.usage,
  };
}

const textPart = (text: string): JsonObject => ({ type: 'output_text', text, annotations: [], logprobs: [] });

function messageOutput(id: string, status: string, text: string): JsonObject {
  return { id, type: 'message', status, role: 'assistant', content: [textPart(text)] };
}

function functionCallOutput(id: string, status: string, block: JsonObject, args: string): JsonObject {
  return {
    id,
    type: 'function_call',
    status,
    call_id: str(block.id) ?? '',
    name: str(block.name) ?? '',
    arguments: args,
  };
}

/**
 * An Anthropic message as a Response: each text block a message item, each
 * tool_use block a function_call item (call_id = the tool_use id); thinking is
 * not carried.
 */
export function messageToResponse(message: JsonObject, createdAt: number, request: JsonObject = {}): JsonObject {
  const { status, incomplete } = outcome(message.stop_reason);
  const output: JsonObject[] = [];
  for (const block of list(message.content)) {
    if (!isObject(block)) continue;
    if (block.type === 'text') output.push(messageOutput(responsesId('msg'), 'completed', str(block.text) ?? ''));
    else if (block.type === 'tool_use')
      output.push(functionCallOutput(responsesId('fc'), 'completed', block, JSON.stringify(block.input ?? {})));
  }
  const last = output.at(-1);
  if (status === 'incomplete' && last?.type === 'message') last.status = 'incomplete';
  return responseObject(
    {
      id: responsesId('resp'),
      createdAt,
      model: message.model,
      status,
      incomplete,
      output,
      usage: responsesUsage(message.usage),
    },
    request,
  );
}

// --- stream ----------------------------------------------------------------------------------

interface OpenItem {
  outputIndex: number;
  id: string;
  kind: 'message' | 'function_call';
  block: JsonObject;
  written: string;
}

/**
 * Anthropic Messages events as Responses API events: `response.created` and
 * `response.in_progress` at `message_start`; each text block an output message
 * (`output_item.added`, `content_part.added`, `output_text.delta`…, then
 * `output_text.done`, `content_part.done`, `output_item.done`); each tool_use
 * block a function_call item (its input as `function_call_arguments.delta`…,
 * then `.done` and `output_item.done`); at the end `response.completed` (or
 * `response.incomplete`) with the whole output and the usage. Thinking blocks
 * are not carried; an error event becomes the Responses `error` event.
 */
export class AnthropicToResponsesStream implements StreamTranslator {
  private readonly id = responsesId('resp');
  private model: unknown = '';
  private usage: JsonObject = {};
  private stopReason: unknown = null;
  private sequence = 0;
  private started = false;
  private done = false;
  /** Anthropic block index → the output item it became. */
  private readonly open = new Map<number, OpenItem>();
  private readonly output: JsonObject[] = [];

  constructor(
    private readonly createdAt: number,
    private readonly request: JsonObject = {},
  ) {}

  private sse(type: string, data: JsonObject): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: this.sequence++, ...data })}\n\n`;
  }

  private response(status: string, incomplete: JsonObject | null, usage: JsonObject | null): JsonObject {
    return responseObject(
      {
        id: this.id,
        createdAt: this.createdAt,
        model: this.model,
        status,
        incomplete,
        output: this.output,
        usage,
      },
      this.request,
    );
  }

  event(name: string | null, data: string): string {
    if (this.done) return '';
    const event = parseObject(data);
    if (!event) return '';
    switch (name ?? event.type) {
      case 'message_start': {
        if (this.started) return '';
        this.started = true;
        const message = isObject(event.message) ? event.message : {};
        this.model = message.model ?? '';
        if (isObject(message.usage)) this.usage = { ...message.usage };
        const response = this.response('in_progress', null, null);
        return this.sse('response.created', { response }) + this.sse('response.in_progress', { response });
      }
      case 'content_block_start':
        return this.startBlock(Number(event.index), isObject(event.content_block) ? event.content_block : {});
      case 'content_block_delta': {
        const item = this.open.get(Number(event.index));
        const delta = isObject(event.delta) ? event.delta : {};
        if (!item) return '';
        if (item.kind === 'message' && delta.type === 'text_delta' && typeof delta.text === 'string')
          return this.textDelta(item, delta.text);
        if (
          item.kind === 'function_call' &&
          delta.type === 'input_json_delta' &&
          typeof delta.partial_json === 'string'
        )
          return this.argumentsDelta(item, delta.partial_json);
        return '';
      }
      case 'content_block_stop': {
        const item = this.open.get(Number(event.index));
        if (!item) return '';
        this.open.delete(Number(event.index));
        return this.stopBlock(item, 'completed');
      }
      case 'message_delta': {
        if (isObject(event.usage)) Object.assign(this.usage, event.usage);
        const delta = isObject(event.delta) ? event.delta : {};
        if (typeof delta.stop_reason === 'string') this.stopReason = delta.stop_reason;
        return '';
      }
      case 'message_stop':
        return this.end();
      case 'error': {
        this.done = true;
        const body = openaiErrorBody(event, 500);
        const error = body.error as JsonObject;
        return this.sse('error', { code: error.code, message: error.message, param: null, ...body });
      }
      default:
        return '';
    }
  }

  private startBlock(index: number, block: JsonObject): string {
    if (!this.started || (block.type !== 'text' && block.type !== 'tool_use')) return '';
    const kind = block.type === 'text' ? 'message' : 'function_call';
    const item: OpenItem = {
      outputIndex: this.output.length,
      id: responsesId(kind === 'message' ? 'msg' : 'fc'),
      kind,
      block,
      written: '',
    };
    this.open.set(index, item);
    const added =
      kind === 'message'
        ? { id: item.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] }
        : functionCallOutput(item.id, 'in_progress', block, '');
    this.output.push(added);
    let out = this.sse('response.output_item.added', { output_index: item.outputIndex, item: added });
    if (kind === 'message') {
      out += this.sse('response.content_part.added', {
        item_id: item.id,
        output_index: item.outputIndex,
        content_index: 0,
        part: textPart(''),
      });
      if (typeof block.text === 'string' && block.text) out += this.textDelta(item, block.text);
    }
    return out;
  }

  private textDelta(item: OpenItem, text: string): string {
    if (!text) return '';
    item.written += text;
    // Field order as OpenAI writes it (the gateway's frame handler reads this layout without parsing).
    return this.sse('response.output_text.delta', {
      item_id: item.id,
      output_index: item.outputIndex,
      content_index: 0,
      delta: text,
      logprobs: [],
    });
  }

  private argumentsDelta(item: OpenItem, json: string): string {
    if (!json) return '';
    item.written += json;
    return this.sse('response.function_call_arguments.delta', {
      item_id: item.id,
      output_index: item.outputIndex,
      delta: json,
    });
  }

  private stopBlock(item: OpenItem, status: string): string {
    const at = { item_id: item.id, output_index: item.outputIndex };
    let out = '';
    let done: JsonObject;
    if (item.kind === 'message') {
      const part = textPart(item.written);
      out += this.sse('response.output_text.done', { ...at, content_index: 0, text: item.written, logprobs: [] });
      out += this.sse('response.content_part.done', { ...at, content_index: 0, part });
      done = messageOutput(item.id, status, item.written);
    } else {
      // A tool without parameters streams no input at all; its arguments are still a JSON object.
      if (item.written === '') out += this.argumentsDelta(item, '{}');
      out += this.sse('response.function_call_arguments.done', {
        ...at,
        name: str(item.block.name) ?? '',
        arguments: item.written,
      });
      done = functionCallOutput(item.id, status, item.block, item.written);
    }
    this.output[item.outputIndex] = done;
    return out + this.sse('response.output_item.done', { output_index: item.outputIndex, item: done });
  }

  end(): string {
    if (this.done) return '';
    this.done = true;
    if (!this.started) return '';
    const { status, incomplete } = outcome(this.stopReason);
    let out = '';
    for (const item of [...this.open.values()].sort((a, b) => a.outputIndex - b.outputIndex))
      out += this.stopBlock(item, status === 'incomplete' && item.kind === 'message' ? 'incomplete' : 'completed');
    this.open.clear();
    const response = this.response(status, incomplete, responsesUsage(this.usage));
    return out + this.sse(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
  }
}
