import type { GateEncoding, OutputGates } from '../output-gate';
import { isObject, type JsonObject } from '../prompt-walk';
import { frameData, type FrameHandler, type StreamTally } from './frame-handler';
import { sseFrame } from './text-frames';

const USAGE_MARKER = Buffer.from('"usage":{');
const CONTENT_MARKER = Buffer.from('"type":"response.output_text.delta"');

/**
 * A delta event of the Responses API that carries text the model writes, and
 * the event that repeats the whole text when it is done. Each piece of text has
 * its own gate, keyed by output item and part: `o:<output_index>:<piece>`.
 */
interface Written {
  done: string;
  field: string;
  encoding: GateEncoding;
  piece: (event: JsonObject) => string;
}

const contentPiece = (event: JsonObject) => `c${num(event.content_index)}`;
const WRITTEN: Record<string, Written> = {
  'response.output_text.delta': {
    done: 'response.output_text.done',
    field: 'text',
    encoding: 'text',
    piece: contentPiece,
  },
  'response.refusal.delta': { done: 'response.refusal.done', field: 'refusal', encoding: 'text', piece: contentPiece },
  'response.function_call_arguments.delta': {
    done: 'response.function_call_arguments.done',
    field: 'arguments',
    encoding: 'json',
    piece: () => 'args',
  },
  'response.mcp_call_arguments.delta': {
    done: 'response.mcp_call_arguments.done',
    field: 'arguments',
    encoding: 'json',
    piece: () => 'args',
  },
  'response.custom_tool_call_input.delta': {
    done: 'response.custom_tool_call_input.done',
    field: 'input',
    encoding: 'text',
    piece: () => 'input',
  },
  'response.reasoning_summary_text.delta': {
    done: 'response.reasoning_summary_text.done',
    field: 'text',
    encoding: 'text',
    piece: (event) => `s${num(event.summary_index)}`,
  },
  'response.reasoning_text.delta': {
    done: 'response.reasoning_text.done',
    field: 'text',
    encoding: 'text',
    piece: (event) => `r${num(event.content_index)}`,
  },
};
const DONE = new Map(Object.entries(WRITTEN).map(([delta, w]) => [w.done, { ...w, delta }]));
const RESPONSE_ENDS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/**
 * OpenAI Responses events. Usage comes from the final response event. With
 * output rules or restore, every text delta (message text, refusals, function
 * and custom tool-call arguments, reasoning) goes through its own gate; what a
 * gate holds back is sent as one more delta before the event that ends the
 * piece, and the events that repeat whole texts (`*.done`, `content_part.done`,
 * `output_item.done`, `response.completed`) carry exactly what the deltas
 * let through.
 */
export function responsesFrameHandler(options: {
  tally: StreamTally;
  gates: OutputGates | null;
  collect: string[] | null;
}): FrameHandler {
  const { tally, gates, collect } = options;
  if (gates) gates.keepEmitted = true;
  /** The last delta event of each open piece: the template for the delta that releases its held-back text. */
  const lastDelta = new Map<string, JsonObject>();

  function blocked(): '' {
    tally.blockedBy = gates?.blockedBy ?? [];
    return '';
  }

  /** A delta event for what the gates of pieces under `prefix` still hold; null when blocked. */
  function release(prefix: string): string | null {
    if (!gates) return '';
    let out = '';
    for (const [key, template] of lastDelta) {
      if (!key.startsWith(prefix)) continue;
      lastDelta.delete(key);
      const rest = gates.flush(key);
      if (rest === null) return null;
      if (rest) out += sseFrame(template.type as string, { ...template, delta: rest });
    }
    return out;
  }

  /** The whole text of a piece as the caller saw it in deltas (or gated now, when no delta came before). */
  function whole(key: string, text: unknown, encoding: GateEncoding): string | null | undefined {
    if (!gates || typeof text !== 'string') return undefined;
    return gates.emittedText(key) ?? (gates.has(key) ? '' : gates.applyWhole(key, text, encoding));
  }

  function settleField(holder: JsonObject, field: string, key: string, encoding: GateEncoding): boolean {
    const text = whole(key, holder[field], encoding);
    if (text === null) return false;
    if (text !== undefined) holder[field] = text;
    return true;
  }

  /** An output item's texts, replaced by what was let through; false when a rule blocks. */
  function settleItem(item: unknown, outputIndex: number): boolean {
    if (!isObject(item)) return true;
    const at = `o:${outputIndex}:`;
    switch (item.type) {
      case 'message':
        return list(item.content).every(
          (part, c) =>
            !isObject(part) ||
            (part.type === 'refusal'
              ? settleField(part, 'refusal', `${at}c${c}`, 'text')
              : settleField(part, 'text', `${at}c${c}`, 'text')),
        );
      case 'function_call':
      case 'mcp_call':
        return settleField(item, 'arguments', `${at}args`, 'json');
      case 'custom_tool_call':
        return settleField(item, 'input', `${at}input`, 'text');
      case 'reasoning':
        return (
          list(item.summary).every((part, s) => !isObject(part) || settleField(part, 'text', `${at}s${s}`, 'text')) &&
          list(item.content).every((part, r) => !isObject(part) || settleField(part, 'text', `${at}r${r}`, 'text'))
        );
      default:
        return true;
    }
  }

  function deltaFrame(frame: string, event: JsonObject, written: Written): string {
    const text = event.delta;
    if (typeof text !== 'string') return frame;
    tally.completionChars += text.length;
    collect?.push(text);
    if (!gates) return frame;
    const key = `o:${num(event.output_index)}:${written.piece(event)}`;
    lastDelta.set(key, event);
    const allowed = gates.push(key, text, written.encoding);
    if (allowed === null) return blocked();
    if (allowed === text) return frame;
    if (allowed === '') return '';
    return sseFrame(event.type as string, { ...event, delta: allowed });
  }

  function parsedFrame(frame: string): string {
    const event = frameData(frame)?.json;
    if (!event || typeof event.type !== 'string') return frame;
    const written = WRITTEN[event.type];
    if (written) return deltaFrame(frame, event, written);
    const ends = RESPONSE_ENDS.has(event.type);
    if (ends && isObject(event.response)) {
      const usage = event.response.usage as { input_tokens?: number; output_tokens?: number } | null | undefined;
      if (usage && typeof usage === 'object') {
        tally.promptTokens = usage.input_tokens ?? null;
        tally.completionTokens = usage.output_tokens ?? null;
      }
    }
    if (!gates) return frame;
    const done = DONE.get(event.type);
    const at = `o:${num(event.output_index)}:`;
    let before: string | null = '';
    if (done) {
      const key = at + done.piece(event);
      before = release(key);
      if (before === null || !settleField(event, done.field, key, done.encoding)) return blocked();
    } else if (event.type === 'response.content_part.done' && isObject(event.part)) {
      before = release(`${at}c${num(event.content_index)}`);
      const field = event.part.type === 'refusal' ? 'refusal' : 'text';
      if (before === null || !settleField(event.part, field, `${at}c${num(event.content_index)}`, 'text'))
        return blocked();
    } else if (event.type === 'response.output_item.done') {
      before = release(at);
      if (before === null || !settleItem(event.item, num(event.output_index))) return blocked();
    } else if (ends && isObject(event.response)) {
      before = release('');
      if (before === null || !list(event.response.output).every((item, o) => settleItem(item, o))) return blocked();
    } else return frame;
    return before + sseFrame(event.type, event);
  }

  return {
    markers: [USAGE_MARKER],
    contentMarker: CONTENT_MARKER,
    handle: (frame) => parsedFrame(`${frame}\n\n`),
    endOfRead: () => '',
    finish() {
      const rest = release('');
      return rest === null ? blocked() : rest;
    },
  };
}
