import type { GateEncoding, OutputGates } from '../output-gate';
import { isObject, type JsonObject } from '../prompt-walk';
import { frameData, gateStrings, opaqueFrame, type FrameHandler, type StreamTally } from './frame-handler';
import { splitTextFrame, sseFrame } from './text-frames';

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
/** Events that carry text or usage; the others (created, in_progress, added, …) pass without being parsed. */
const INSPECTED = new Set([
  ...Object.keys(WRITTEN),
  ...DONE.keys(),
  ...RESPONSE_ENDS,
  'response.content_part.done',
  'response.output_item.done',
]);

/**
 * Events that announce the response and echo the request (its instructions and tools, already read by the
 * policy on the way in): passed as written. Every other event the handler does not read piece by piece (an item
 * or part announced with content, annotations, built-in tools' progress and code, kinds added later) has its
 * strings gated whole.
 */
const ANNOUNCEMENTS = new Set(['response.created', 'response.in_progress', 'response.queued']);
/** Base64 payloads of built-in tools (generated images): bytes, not text. */
const BYTES = new Set(['partial_image_b64', 'result', 'b64_json']);

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** Fast path: a message-text delta whose JSON holds nothing after the text but its logprobs or obfuscation. */
const TEXT_DELTA_EVENT = 'event: response.output_text.delta\n';
const DELTA_KEY = '"delta":';
const TEXT_AT = /"output_index":(\d+),"content_index":(\d+)/;
const plainTextSuffix = (suffix: string) =>
  suffix === '}' || suffix.startsWith(',"logprobs":') || suffix.startsWith(',"obfuscation":');

/** How a piece's delta events are written back: raw frame text before and after the JSON string of the delta. */
interface DeltaTemplate {
  prefix: string;
  suffix: string;
}

/**
 * OpenAI Responses events. Usage comes from the final response event. With
 * output rules or restore, every text delta (message text, refusals, function
 * and custom tool-call arguments, reasoning) goes through its own gate;
 * consecutive deltas of one piece within an upstream read pass the gate in one
 * step, as one event. What a gate holds back is sent as one more delta before
 * the event that ends the piece, and the events that repeat whole texts
 * (`*.done`, `content_part.done`, `output_item.done`, `response.completed`)
 * carry exactly what the deltas let through.
 */
export function responsesFrameHandler(options: {
  tally: StreamTally;
  gates: OutputGates | null;
  collect: string[] | null;
}): FrameHandler {
  const { tally, gates, collect } = options;
  if (gates) gates.keepEmitted = true;
  /** The open pieces, each with its latest delta's layout (for the delta that releases its held-back text). */
  const templates = new Map<string, DeltaTemplate>();
  /** Deltas of one piece coalesced within this read. */
  let run: { key: string; template: DeltaTemplate; text: string; encoding: GateEncoding } | null = null;

  function blocked(): '' {
    tally.blockedBy = gates?.blockedBy ?? [];
    return '';
  }

  const frameOf = (template: DeltaTemplate, text: string) =>
    `${template.prefix}${JSON.stringify(text)}${template.suffix}\n\n`;

  /** The coalesced run through its gate, as one delta event ('' when all held back or blocked). */
  function emitRun(): string {
    if (!run || !gates) return '';
    const { key, template, text, encoding } = run;
    run = null;
    const allowed = gates.push(key, text, encoding);
    if (allowed === null) return blocked();
    return allowed ? frameOf(template, allowed) : '';
  }

  /** One delta of a piece: counted, then coalesced for the gate; null when it passes untouched (no gate). */
  function addDelta(key: string, template: DeltaTemplate, text: string, encoding: GateEncoding): string | null {
    tally.completionChars += text.length;
    collect?.push(text);
    if (!gates) return null;
    templates.set(key, template);
    if (run && run.key === key) {
      run.text += text;
      return '';
    }
    const before = emitRun();
    run = { key, template, text, encoding };
    return before;
  }

  /** A delta event for what the gates of pieces under `prefix` still hold; null when blocked. */
  function release(prefix: string): string | null {
    if (!gates) return '';
    let out = '';
    for (const [key, template] of templates) {
      if (!key.startsWith(prefix)) continue;
      templates.delete(key);
      const rest = gates.flush(key);
      if (rest === null) return null;
      if (rest) out += frameOf(template, rest);
    }
    return out;
  }

  /** The whole text of a piece as the caller saw it in deltas (or gated now, when no delta came before). */
  function whole(key: string, text: unknown, encoding: GateEncoding): string | null | undefined {
    if (!gates || typeof text !== 'string') return undefined;
    return gates.emittedText(key) ?? (gates.has(key) ? '' : gates.applyWhole(key, text, encoding));
  }

  /** Whether the event being settled had a text replaced (else it is sent as it came). */
  let rewritten = false;

  function settleField(holder: JsonObject, field: string, key: string, encoding: GateEncoding): boolean {
    const text = whole(key, holder[field], encoding);
    if (text === null) return false;
    if (text !== undefined && text !== holder[field]) {
      holder[field] = text;
      rewritten = true;
    }
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
              : settleField(part, 'text', `${at}c${c}`, 'text') && settleStrings(part.annotations, `${at}a${c}`)),
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
        // A built-in tool's call (a search's query, interpreter code and its logs, a file search's results).
        return settleStrings(item, `${at}item`);
    }
  }

  /** Strings the handler does not read as pieces, gated whole in place; false when a rule blocks. */
  function settleStrings(value: unknown, key: string): boolean {
    if (!gates) return true;
    const changed = gateStrings(value, key, gates, BYTES);
    if (changed === null) return false;
    rewritten ||= changed;
    return true;
  }

  function deltaEvent(frame: string, event: JsonObject, written: Written): string {
    const { delta, ...rest } = event;
    if (typeof delta !== 'string') return frame;
    // The delta last, so the event can be written back around any text.
    const template = {
      prefix: `event: ${String(event.type)}\ndata: ${JSON.stringify(rest).slice(0, -1)},"delta":`,
      suffix: '}',
    };
    const key = `o:${num(event.output_index)}:${written.piece(event)}`;
    return addDelta(key, template, delta, written.encoding) ?? frame;
  }

  /**
   * An event that ends a piece, an item or the response: what the gates still
   * hold first, then the event carrying the texts as let through. Undefined for
   * any other event; null when a rule blocks.
   */
  function settled(frame: string, event: JsonObject & { type: string }): string | null | undefined {
    rewritten = false;
    const done = DONE.get(event.type);
    const at = `o:${num(event.output_index)}:`;
    let before: string | null;
    if (done) {
      const key = at + done.piece(event);
      before = release(key);
      if (before === null || !settleField(event, done.field, key, done.encoding)) return null;
    } else if (event.type === 'response.content_part.done' && isObject(event.part)) {
      const key = `${at}c${num(event.content_index)}`;
      before = release(key);
      if (before === null || !settleField(event.part, event.part.type === 'refusal' ? 'refusal' : 'text', key, 'text'))
        return null;
    } else if (event.type === 'response.output_item.done') {
      before = release(at);
      if (before === null || !settleItem(event.item, num(event.output_index))) return null;
    } else if (RESPONSE_ENDS.has(event.type) && isObject(event.response)) {
      before = release('');
      if (before === null || !list(event.response.output).every((item, o) => settleItem(item, o))) return null;
    } else return undefined;
    return before + (rewritten ? sseFrame(event.type, event) : frame);
  }

  function parsedFrame(frame: string): string {
    if (frame.startsWith('event: ')) {
      const name = frame.slice(7, frame.indexOf('\n'));
      if (name === 'error') return opaqueFrame(frame, gates, tally);
      if (ANNOUNCEMENTS.has(name) || (!gates && !INSPECTED.has(name))) return frame;
    }
    const event = frameData(frame)?.json;
    if (!event || typeof event.type !== 'string' || event.type === 'error') return opaqueFrame(frame, gates, tally);
    const written = WRITTEN[event.type];
    if (written) return deltaEvent(frame, event, written);
    if (RESPONSE_ENDS.has(event.type) && isObject(event.response)) {
      const usage = event.response.usage as { input_tokens?: number; output_tokens?: number } | null | undefined;
      if (usage && typeof usage === 'object') {
        tally.promptTokens = usage.input_tokens ?? null;
        tally.completionTokens = usage.output_tokens ?? null;
      }
    }
    if (!gates || ANNOUNCEMENTS.has(event.type)) return frame;
    const out = settled(frame, event as JsonObject & { type: string });
    if (out !== undefined) return out === null ? blocked() : out;
    rewritten = false;
    if (!settleStrings(event, `e:${num(event.output_index)}:${event.type}`)) return blocked();
    return rewritten ? sseFrame(event.type, event) : frame;
  }

  return {
    markers: [USAGE_MARKER],
    contentMarker: CONTENT_MARKER,
    handle(frame) {
      if (frame.startsWith(TEXT_DELTA_EVENT)) {
        const text = splitTextFrame(frame, DELTA_KEY, plainTextSuffix, false);
        const at = text ? TEXT_AT.exec(text.prefix) : null;
        if (text && at) {
          const template = { prefix: text.prefix, suffix: text.suffix };
          return addDelta(`o:${at[1]}:c${at[2]}`, template, text.text, 'text') ?? `${frame}\n\n`;
        }
      }
      const before = emitRun();
      if (tally.blockedBy) return '';
      return before + parsedFrame(`${frame}\n\n`);
    },
    endOfRead: emitRun,
    finish() {
      const pending = emitRun();
      if (tally.blockedBy) return '';
      const rest = release('');
      return rest === null ? blocked() : pending + rest;
    },
  };
}
