import { StringDecoder } from 'node:string_decoder';
import { anthropicErrorBody, openaiErrorBody } from './responses';
import {
  anthropicUsage,
  finishReason,
  isObject,
  list,
  openaiUsage,
  parseObject,
  stopReason,
  str,
  type JsonObject,
} from './shared';

/** Turns one upstream SSE event into the caller's frames (terminators included); `end` closes what is still open. */
export interface StreamTranslator {
  event(name: string | null, data: string): string;
  end(): string;
}

// --- Anthropic events → OpenAI chunks ---------------------------------------------------------

/**
 * Anthropic Messages events as OpenAI chat-completion chunks: text deltas as
 * `content`, each tool_use block as the next tool call (id and name first, then
 * its JSON input as `arguments` deltas), the stop reason as `finish_reason`,
 * then one usage chunk (choices empty) and `[DONE]`. Thinking is not carried.
 */
export class AnthropicToOpenAIStream implements StreamTranslator {
  private id = '';
  private model: unknown = '';
  private usage: JsonObject = {};
  private readonly toolCalls = new Map<number, number>();
  private finished = false;
  private done = false;

  constructor(private readonly created: number) {}

  private chunk(delta: JsonObject, finish: string | null = null): string {
    return `data: ${JSON.stringify({
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    })}\n\n`;
  }

  event(name: string | null, data: string): string {
    if (this.done) return '';
    const event = parseObject(data);
    if (!event) return '';
    switch (name ?? event.type) {
      case 'message_start': {
        const message = isObject(event.message) ? event.message : {};
        this.id = str(message.id) ?? '';
        this.model = message.model ?? '';
        if (isObject(message.usage)) this.usage = { ...message.usage };
        return this.chunk({ role: 'assistant', content: '' });
      }
      case 'content_block_start': {
        const block = isObject(event.content_block) ? event.content_block : {};
        if (block.type === 'text' && typeof block.text === 'string' && block.text)
          return this.chunk({ content: block.text });
        if (block.type !== 'tool_use') return '';
        const index = this.toolCalls.size;
        this.toolCalls.set(Number(event.index), index);
        return this.chunk({
          tool_calls: [
            {
              index,
              id: str(block.id) ?? '',
              type: 'function',
              function: { name: str(block.name) ?? '', arguments: '' },
            },
          ],
        });
      }
      case 'content_block_delta': {
        const delta = isObject(event.delta) ? event.delta : {};
        if (delta.type === 'text_delta' && typeof delta.text === 'string') return this.chunk({ content: delta.text });
        if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
          const index = this.toolCalls.get(Number(event.index));
          if (index === undefined || delta.partial_json === '') return '';
          return this.chunk({ tool_calls: [{ index, function: { arguments: delta.partial_json } }] });
        }
        return '';
      }
      case 'message_delta': {
        if (isObject(event.usage)) Object.assign(this.usage, event.usage);
        const delta = isObject(event.delta) ? event.delta : {};
        const finish = finishReason(delta.stop_reason);
        if (!finish) return '';
        this.finished = true;
        return this.chunk({}, finish);
      }
      case 'message_stop':
        return this.end();
      case 'error': {
        this.done = true;
        return `data: ${JSON.stringify(openaiErrorBody(event, 500))}\n\n`;
      }
      default:
        return '';
    }
  }

  end(): string {
    if (this.done) return '';
    this.done = true;
    let out = this.finished ? '' : this.chunk({}, 'stop');
    const usage = openaiUsage(this.usage);
    if (usage)
      out += `data: ${JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage })}\n\n`;
    return `${out}data: [DONE]\n\n`;
  }
}

// --- OpenAI chunks → Anthropic events ---------------------------------------------------------

interface Block {
  kind: 'text' | 'tool_use';
  toolIndex: number;
  id: string;
  name: string;
  /** Written by the upstream, not yet sent. */
  pending: string;
  /** Everything written so far (a tool call's arguments, to tell when they are complete). */
  all: string;
  started: boolean;
  stopped: boolean;
}

function sse(type: string, data: JsonObject): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

function completeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * OpenAI chat-completion chunks (choice 0) as Anthropic Messages events.
 * Anthropic content blocks follow one another, while OpenAI may interleave the
 * argument deltas of parallel tool calls: one block streams live, the others
 * are held until it is complete (its arguments parse as JSON and another block
 * has begun), then sent in their order of appearance. `message_delta` carries
 * the stop reason and the whole usage once the upstream has reported it.
 */
export class OpenAIToAnthropicStream implements StreamTranslator {
  private started = false;
  private done = false;
  private readonly blocks: Block[] = [];
  private readonly tools = new Map<number, Block>();
  private cursor = 0;
  private nextIndex = 0;
  private finish: string | null = null;
  private usage: JsonObject | null = null;

  event(_name: string | null, data: string): string {
    if (this.done) return '';
    if (data === '[DONE]') return this.end();
    const chunk = parseObject(data);
    if (!chunk) return '';
    if (isObject(chunk.error)) {
      this.done = true;
      return sse('error', { error: anthropicErrorBody(chunk, 500).error });
    }
    let out = '';
    if (!this.started) {
      this.started = true;
      out += sse('message_start', {
        message: {
          id: str(chunk.id) ?? '',
          type: 'message',
          role: 'assistant',
          model: chunk.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      });
    }
    if (isObject(chunk.usage)) this.usage = chunk.usage;
    const choice = list(chunk.choices).find((c) => isObject(c) && (c.index ?? 0) === 0) as JsonObject | undefined;
    if (!choice) return out;
    const delta = isObject(choice.delta) ? choice.delta : {};
    const text = (str(delta.content) ?? '') + (str(delta.refusal) ?? '');
    if (text) this.write(this.textBlock(), text);
    for (const call of list(delta.tool_calls)) {
      if (!isObject(call)) continue;
      const block = this.toolBlock(typeof call.index === 'number' ? call.index : this.tools.size, call);
      const fn = isObject(call.function) ? call.function : {};
      if (typeof fn.arguments === 'string' && fn.arguments) this.write(block, fn.arguments);
    }
    if (typeof choice.finish_reason === 'string') this.finish = choice.finish_reason;
    return out + this.pump(false);
  }

  private textBlock(): Block {
    const open = this.blocks.findLast((b) => b.kind === 'text' && !b.stopped);
    if (open) return open;
    return this.add({ kind: 'text', toolIndex: -1, id: '', name: '' });
  }

  private toolBlock(index: number, call: JsonObject): Block {
    let block = this.tools.get(index);
    const fn = isObject(call.function) ? call.function : {};
    if (!block) {
      block = this.add({ kind: 'tool_use', toolIndex: index, id: '', name: '' });
      this.tools.set(index, block);
    }
    if (typeof call.id === 'string' && !block.id) block.id = call.id;
    if (typeof fn.name === 'string' && !block.name) block.name = fn.name;
    return block;
  }

  private add(fields: Pick<Block, 'kind' | 'toolIndex' | 'id' | 'name'>): Block {
    const block: Block = { ...fields, pending: '', all: '', started: false, stopped: false };
    this.blocks.push(block);
    return block;
  }

  private write(block: Block, text: string): void {
    block.pending += text;
    if (block.kind === 'tool_use') block.all += text;
  }

  /** Sends what can be sent: the live block's text, and the blocks after it once it is complete (all of them at the end). */
  private pump(final: boolean): string {
    let out = '';
    while (this.cursor < this.blocks.length) {
      const block = this.blocks[this.cursor];
      if (!block) break;
      const index = this.nextIndex;
      if (!block.started) {
        block.started = true;
        out += sse('content_block_start', {
          index,
          content_block:
            block.kind === 'text'
              ? { type: 'text', text: '' }
              : { type: 'tool_use', id: block.id, name: block.name, input: {} },
        });
      }
      if (block.pending) {
        const delta =
          block.kind === 'text'
            ? { type: 'text_delta', text: block.pending }
            : { type: 'input_json_delta', partial_json: block.pending };
        out += sse('content_block_delta', { index, delta });
        block.pending = '';
      }
      const later = this.cursor + 1 < this.blocks.length;
      if (!final && !(later && (block.kind === 'text' || completeJson(block.all)))) break;
      block.stopped = true;
      out += sse('content_block_stop', { index });
      this.cursor++;
      this.nextIndex++;
    }
    return out;
  }

  end(): string {
    if (this.done) return '';
    this.done = true;
    if (!this.started) return '';
    const usage = anthropicUsage(this.usage);
    return (
      this.pump(true) +
      sse('message_delta', {
        delta: { stop_reason: stopReason(this.finish) ?? 'end_turn', stop_sequence: null },
        usage,
      }) +
      sse('message_stop', {})
    );
  }
}

// --- the SSE plumbing -------------------------------------------------------------------------

const FRAME_END = '\n\n';

/** One SSE frame's event name and data (data lines joined), or null for a comment or an empty frame. */
export function readFrame(frame: string): { name: string | null; data: string } | null {
  let name: string | null = null;
  let data = '';
  let hasData = false;
  for (const line of frame.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) {
      data += (hasData ? '\n' : '') + line.slice(line.charCodeAt(5) === 32 ? 6 : 5);
      hasData = true;
    }
  }
  return hasData ? { name, data } : null;
}

/**
 * The upstream's SSE body, read frame by frame, as the caller's frames: one
 * output chunk per upstream read (so the caller's frame handler sees the
 * same read boundaries), nothing when a read completed no frame.
 */
export async function* translateSse(
  upstream: AsyncIterable<Buffer>,
  translator: StreamTranslator,
): AsyncGenerator<Buffer> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of upstream) {
    let text = pending + decoder.write(chunk);
    // \r\n and \r end lines as \n does; a \r that ends the read waits, as the next read may begin with its \n.
    if (text.includes('\r')) text = text.replace(/\r\n|\r(?!$)/g, '\n');
    const last = text.lastIndexOf(FRAME_END);
    if (last === -1) {
      pending = text;
      continue;
    }
    pending = text.slice(last + 2);
    let out = '';
    for (const frame of text.slice(0, last).split(FRAME_END)) {
      const read = readFrame(frame);
      if (read) out += translator.event(read.name, read.data);
    }
    if (out) yield Buffer.from(out);
  }
  pending += decoder.end();
  let out = '';
  const read = pending.trim() ? readFrame(pending.trim()) : null;
  if (read) out += translator.event(read.name, read.data);
  out += translator.end();
  if (out) yield Buffer.from(out);
}
