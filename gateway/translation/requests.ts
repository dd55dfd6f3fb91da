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
} from './shared';

/** Anthropic requires `max_tokens`; an OpenAI caller may leave it out. Every current Claude model can write this many. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

// --- OpenAI chat completions → Anthropic messages ---------------------------------------------

function chatTextOf(content: unknown, what: string): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of list(content)) {
    if (!isObject(part)) continue;
    if (part.type === 'text' && typeof part.text === 'string') text += (text ? '\n' : '') + part.text;
    else if (part.type === 'refusal' && typeof part.refusal === 'string') text += (text ? '\n' : '') + part.refusal;
    else throw untranslatable(`A ${what} content part of type "${String(part.type)}"`, 'Anthropic');
  }
  return text;
}

function imageBlock(part: JsonObject): JsonObject {
  const image = isObject(part.image_url) ? part.image_url : {};
  const block = anthropicImage(str(image.url) ?? '');
  if (!block) throw untranslatable('An image that is neither a data URL nor an http(s) URL', 'Anthropic');
  return block;
}

function fileBlock(part: JsonObject): JsonObject {
  const file = isObject(part.file) ? part.file : {};
  const block = anthropicPdf(file.file_data, file.filename);
  if (!block) throw untranslatable('A file part other than an inline PDF', 'Anthropic');
  return block;
}

function userBlocks(content: unknown): JsonObject[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const blocks: JsonObject[] = [];
  for (const part of list(content)) {
    if (!isObject(part)) continue;
    switch (part.type) {
      case 'text':
        if (typeof part.text === 'string' && part.text) blocks.push({ type: 'text', text: part.text });
        break;
      case 'image_url':
        blocks.push(imageBlock(part));
        break;
      case 'file':
        blocks.push(fileBlock(part));
        break;
      default:
        throw untranslatable(`A user content part of type "${String(part.type)}"`, 'Anthropic');
    }
  }
  return blocks;
}

function assistantBlocks(message: JsonObject): JsonObject[] {
  const blocks: JsonObject[] = [];
  const text =
    message.content === null || message.content === undefined ? '' : chatTextOf(message.content, 'assistant');
  if (text) blocks.push({ type: 'text', text });
  if (isObject(message.function_call)) throw untranslatable('A legacy function_call message', 'Anthropic');
  for (const call of list(message.tool_calls)) {
    if (!isObject(call)) continue;
    if (call.type !== undefined && call.type !== 'function')
      throw untranslatable(`A tool call of type "${label(call.type)}"`, 'Anthropic');
    const fn = isObject(call.function) ? call.function : {};
    blocks.push({
      type: 'tool_use',
      id: str(call.id) ?? '',
      name: str(fn.name) ?? '',
      input: argumentsObject(fn.arguments),
    });
  }
  return blocks;
}

function toolResultBlock(message: JsonObject): JsonObject {
  const content = message.content;
  return {
    type: 'tool_result',
    tool_use_id: str(message.tool_call_id) ?? '',
    content: typeof content === 'string' ? content : chatTextOf(content, 'tool'),
  };
}

/** Appends blocks to the conversation, merging consecutive turns of one role (Anthropic alternates user and assistant). */
function pushTurn(messages: JsonObject[], role: 'user' | 'assistant', blocks: JsonObject[]): void {
  const last = messages.at(-1);
  if (last && last.role === role) (last.content as JsonObject[]).push(...blocks);
  else messages.push({ role, content: blocks });
}

function anthropicTool(tool: unknown): JsonObject {
  if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function))
    throw untranslatable(`A tool of type "${isObject(tool) ? String(tool.type) : typeof tool}"`, 'Anthropic');
  return anthropicToolDefinition(tool.function);
}

/** Chat names one function as `{type: 'function', function: {name}}`. */
const chatNamedFunction = (choice: JsonObject) =>
  choice.type === 'function' && isObject(choice.function) ? (str(choice.function.name) ?? '') : null;
const refuseChatToolChoice = (): never => {
  throw untranslatable('This tool_choice', 'Anthropic');
};

/**
 * An OpenAI chat-completions request as an Anthropic Messages request. System
 * and developer messages become `system`; tool messages become `tool_result`
 * blocks of the next user turn; consecutive turns of one role merge.
 */
export function chatToMessagesRequest(body: JsonObject): JsonObject {
  const n = num(body.n);
  if (n !== undefined && n > 1) throw untranslatable('More than one choice (n > 1)', 'Anthropic');
  if (body.logprobs === true) throw untranslatable('logprobs', 'Anthropic');
  if (body.functions !== undefined) throw untranslatable('Legacy functions', 'Anthropic');
  const format = isObject(body.response_format) ? body.response_format.type : undefined;
  if (format !== undefined && format !== 'text')
    throw untranslatable(`response_format "${label(format)}"`, 'Anthropic');
  if (body.audio !== undefined || list(body.modalities).some((m) => m !== 'text'))
    throw untranslatable('Audio output', 'Anthropic');

  const system: string[] = [];
  const messages: JsonObject[] = [];
  for (const message of list(body.messages)) {
    if (!isObject(message)) continue;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(chatTextOf(message.content, String(message.role)));
        break;
      case 'user':
        pushTurn(messages, 'user', userBlocks(message.content));
        break;
      case 'assistant':
        pushTurn(messages, 'assistant', assistantBlocks(message));
        break;
      case 'tool':
        pushTurn(messages, 'user', [toolResultBlock(message)]);
        break;
      default:
        throw untranslatable(`A message with role "${String(message.role)}"`, 'Anthropic');
    }
  }

  const out: JsonObject = {
    model: body.model,
    max_tokens: num(body.max_completion_tokens) ?? num(body.max_tokens) ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    messages,
  };
  const systemText = system.filter((s) => s.length > 0).join('\n\n');
  if (systemText) out.system = systemText;
  const temperature = num(body.temperature);
  if (temperature !== undefined) out.temperature = Math.min(1, temperature);
  const topP = num(body.top_p);
  if (topP !== undefined) out.top_p = topP;
  if (typeof body.stop === 'string') out.stop_sequences = [body.stop];
  else if (Array.isArray(body.stop)) out.stop_sequences = body.stop;
  const tools = list(body.tools);
  if (tools.length > 0) out.tools = tools.map(anthropicTool);
  const toolChoice =
    tools.length > 0
      ? anthropicToolChoice(body.tool_choice, body.parallel_tool_calls, chatNamedFunction, refuseChatToolChoice)
      : undefined;
  if (toolChoice) out.tool_choice = toolChoice;
  if (typeof body.user === 'string') out.metadata = { user_id: body.user };
  if (body.stream === true) out.stream = true;
  return out;
}

// --- Anthropic messages → OpenAI chat completions ---------------------------------------------

function anthropicTextOf(content: unknown, what: string): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const block of list(content)) {
    if (!isObject(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') text += (text ? '\n' : '') + block.text;
    else throw untranslatable(`A ${what} block of type "${String(block.type)}"`, 'OpenAI');
  }
  return text;
}

function imagePart(block: JsonObject): JsonObject {
  const source = isObject(block.source) ? block.source : {};
  if (source.type === 'base64')
    return {
      type: 'image_url',
      image_url: { url: `data:${str(source.media_type) ?? ''};base64,${str(source.data) ?? ''}` },
    };
  if (source.type === 'url') return { type: 'image_url', image_url: { url: str(source.url) ?? '' } };
  throw untranslatable(`An image source of type "${String(source.type)}"`, 'OpenAI');
}

function documentPart(block: JsonObject): JsonObject {
  const source = isObject(block.source) ? block.source : {};
  if (source.type === 'base64' && source.media_type === 'application/pdf')
    return {
      type: 'file',
      file: {
        file_data: `data:application/pdf;base64,${str(source.data) ?? ''}`,
        filename: str(block.title) ?? 'document.pdf',
      },
    };
  if (source.type === 'text') return { type: 'text', text: str(source.data) ?? '' };
  throw untranslatable(`A document source of type "${String(source.type)}"`, 'OpenAI');
}

/** A tool result's content as the text of an OpenAI tool message; an error is marked, as OpenAI has no flag for it. */
function toolMessage(block: JsonObject): JsonObject {
  const text = anthropicTextOf(block.content ?? '', 'tool_result content');
  return {
    role: 'tool',
    tool_call_id: str(block.tool_use_id) ?? '',
    content: block.is_error === true ? `Error: ${text}` : text,
  };
}

/** One Anthropic user turn: its tool results first (OpenAI wants them right after the assistant's calls), then the rest. */
function userMessages(content: unknown, out: JsonObject[]): void {
  if (typeof content === 'string') {
    out.push({ role: 'user', content });
    return;
  }
  const parts: JsonObject[] = [];
  for (const block of list(content)) {
    if (!isObject(block)) continue;
    switch (block.type) {
      case 'tool_result':
        out.push(toolMessage(block));
        break;
      case 'text':
        parts.push({ type: 'text', text: str(block.text) ?? '' });
        break;
      case 'image':
        parts.push(imagePart(block));
        break;
      case 'document':
        parts.push(documentPart(block));
        break;
      default:
        throw untranslatable(`A user block of type "${String(block.type)}"`, 'OpenAI');
    }
  }
  if (parts.length === 0) return;
  const textOnly = parts.every((p) => p.type === 'text');
  out.push({ role: 'user', content: textOnly ? parts.map((p) => p.text as string).join('\n') : parts });
}

function assistantMessage(content: unknown): JsonObject {
  if (typeof content === 'string') return { role: 'assistant', content };
  let text = '';
  const toolCalls: JsonObject[] = [];
  for (const block of list(content)) {
    if (!isObject(block)) continue;
    switch (block.type) {
      case 'text':
        text += str(block.text) ?? '';
        break;
      case 'tool_use':
        toolCalls.push({
          id: str(block.id) ?? '',
          type: 'function',
          function: { name: str(block.name) ?? '', arguments: JSON.stringify(block.input ?? {}) },
        });
        break;
      case 'thinking':
      case 'redacted_thinking':
        break;
      default:
        throw untranslatable(`An assistant block of type "${String(block.type)}"`, 'OpenAI');
    }
  }
  return {
    role: 'assistant',
    content: text || (toolCalls.length ? null : ''),
    ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
  };
}

function openaiTool(tool: unknown): JsonObject {
  if (!isObject(tool) || (tool.type !== undefined && tool.type !== 'custom') || typeof tool.name !== 'string')
    throw untranslatable(`A server tool of type "${isObject(tool) ? String(tool.type) : typeof tool}"`, 'OpenAI');
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
      parameters: isObject(tool.input_schema) ? tool.input_schema : { type: 'object', properties: {} },
    },
  };
}

function openaiToolChoice(choice: unknown): unknown {
  if (!isObject(choice)) return undefined;
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { type: 'function', function: { name: str(choice.name) ?? '' } };
    default:
      throw untranslatable(`tool_choice "${String(choice.type)}"`, 'OpenAI');
  }
}

/**
 * An Anthropic Messages request as an OpenAI chat-completions request. `system`
 * becomes the first message; tool results become tool messages; `thinking` and
 * `top_k` have no OpenAI counterpart and are left out.
 */
export function messagesToChatRequest(body: JsonObject): JsonObject {
  const messages: JsonObject[] = [];
  if (body.system !== undefined) {
    const system = anthropicTextOf(body.system, 'system');
    if (system) messages.push({ role: 'system', content: system });
  }
  for (const message of list(body.messages)) {
    if (!isObject(message)) continue;
    if (message.role === 'user') userMessages(message.content, messages);
    else if (message.role === 'assistant') messages.push(assistantMessage(message.content));
    else throw untranslatable(`A message with role "${String(message.role)}"`, 'OpenAI');
  }
  const out: JsonObject = { model: body.model, messages };
  const maxTokens = num(body.max_tokens);
  if (maxTokens !== undefined) out.max_completion_tokens = maxTokens;
  const temperature = num(body.temperature);
  if (temperature !== undefined) out.temperature = temperature;
  const topP = num(body.top_p);
  if (topP !== undefined) out.top_p = topP;
  const stops = list(body.stop_sequences);
  if (stops.length > 0) out.stop = stops;
  const tools = list(body.tools);
  if (tools.length > 0) {
    out.tools = tools.map(openaiTool);
    const choice = openaiToolChoice(body.tool_choice);
    if (choice !== undefined) out.tool_choice = choice;
    if (isObject(body.tool_choice) && body.tool_choice.disable_parallel_tool_use === true)
      out.parallel_tool_calls = false;
  }
  if (isObject(body.metadata) && typeof body.metadata.user_id === 'string') out.user = body.metadata.user_id;
  if (body.stream === true) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  return out;
}
