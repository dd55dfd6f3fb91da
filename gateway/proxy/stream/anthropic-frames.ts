import type { GateEncoding, OutputGates } from '../output-gate';
import { isObject } from '../prompt-walk';
import { frameData, gateStrings, opaqueFrame, type FrameHandler, type StreamTally } from './frame-handler';
import { relayFrame, splitTextFrame, sseFrame, TextCoalescer } from './text-frames';

const CONTENT_MARKER = Buffer.from('"text_delta"');
const MARKERS = [Buffer.from('message_start'), Buffer.from('message_delta')];
const TEXT_KEY = '"delta":{"type":"text_delta","text":';
const JSON_KEY = '"delta":{"type":"input_json_delta","partial_json":';
const INDEX = /"index":(\d+)/;
const plainTextSuffix = (suffix: string) => suffix === '}}';

/** The deltas that carry what the model writes, by delta type: the field that holds it and how it is encoded. */
const WRITTEN: Record<string, { field: string; encoding: GateEncoding }> = {
  text_delta: { field: 'text', encoding: 'text' },
  input_json_delta: { field: 'partial_json', encoding: 'json' },
  thinking_delta: { field: 'thinking', encoding: 'text' },
};

/** A content block's text field that later deltas continue, by block type. */
const STARTED_TEXT: Record<string, { field: string; delta: string }> = {
  text: { field: 'text', delta: 'text_delta' },
  thinking: { field: 'thinking', delta: 'thinking_delta' },
};
/** Tool names in blocks: identifiers, not text. */
const BLOCK_NAMES = new Set(['name']);

/**
 * Anthropic Messages events. Usage comes from message_start (input) and
 * message_delta (output). Each content block has its own gate (text, a
 * tool_use block's streamed JSON input, thinking); what a gate still holds is
 * sent before its block's content_block_stop. Text a block starts with goes
 * through the same gate; every other string an upstream sends (a server tool's
 * call and result in a block's start, a delta or an event of a kind not listed,
 * citations) goes through a gate whole (gateStrings).
 */
export function anthropicFrameHandler(options: {
  tally: StreamTally;
  gates: OutputGates | null;
  collect: string[] | null;
}): FrameHandler {
  const { tally, gates, collect } = options;
  const coalescer = gates ? new TextCoalescer(gates, tally) : null;
  const stream = { tally, collect, coalescer };
  /** The delta type each open block writes with. */
  const deltaTypes = new Map<number, string>();

  function blocked(): '' {
    tally.blockedBy = gates?.blockedBy ?? [];
    return '';
  }

  function heldBack(index: number): string {
    if (!gates) return '';
    const pending = coalescer?.emit() ?? '';
    if (tally.blockedBy) return '';
    const rest = gates.flush(String(index));
    if (rest === null) return blocked();
    if (!rest) return pending;
    const type = deltaTypes.get(index) ?? 'text_delta';
    const field = WRITTEN[type]?.field ?? 'text';
    return (
      pending + sseFrame('content_block_delta', { type: 'content_block_delta', index, delta: { type, [field]: rest } })
    );
  }

  function heldBackAll(): string {
    if (!gates) return '';
    let out = coalescer?.emit() ?? '';
    for (const index of deltaTypes.keys()) {
      if (tally.blockedBy) return '';
      out += heldBack(index);
    }
    return tally.blockedBy ? '' : out;
  }

  function parsedFrame(frame: string): string {
    const event = frameData(frame)?.json;
    if (!event || event.type === 'error') return opaqueFrame(frame, gates, tally);
    const index = typeof event.index === 'number' ? event.index : 0;
    switch (event.type) {
      case 'message_start': {
        const usage = (event.message as { usage?: { input_tokens?: number; output_tokens?: number } } | undefined)
          ?.usage;
        if (usage?.input_tokens !== undefined) tally.promptTokens = usage.input_tokens;
        // Content comes in blocks after this event; one an upstream puts here is read whole.
        const content = isObject(event.message) ? event.message.content : undefined;
        if (!gates || !Array.isArray(content) || content.length === 0) return frame;
        return whole(frame, event, content, 'message_start');
      }
      case 'content_block_start': {
        const block = event.content_block;
        if (!gates || !isObject(block)) return frame;
        const started = typeof block.type === 'string' ? STARTED_TEXT[block.type] : undefined;
        if (!started) return whole(frame, event, block, `s:${index}`);
        const text = block[started.field];
        if (typeof text !== 'string' || text.length === 0) return frame;
        deltaTypes.set(index, started.delta);
        tally.completionChars += text.length;
        collect?.push(text);
        const allowed = gates.push(String(index), text, 'text');
        if (allowed === null) return blocked();
        if (allowed === text) return frame;
        block[started.field] = allowed;
        return sseFrame('content_block_start', event);
      }
      case 'message_delta': {
        const usage = event.usage as { input_tokens?: number; output_tokens?: number } | undefined;
        if (usage?.output_tokens !== undefined) tally.completionTokens = usage.output_tokens;
        // Cumulative when present (a translated stream only knows its input tokens at the end).
        if (usage?.input_tokens !== undefined && usage.input_tokens !== null) tally.promptTokens = usage.input_tokens;
        return frame;
      }
      case 'content_block_delta': {
        const delta = event.delta as Record<string, unknown> | undefined;
        const written = typeof delta?.type === 'string' ? WRITTEN[delta.type] : undefined;
        if (!delta) return frame;
        // citations_delta (the quoted text), a delta type not listed: read whole.
        if (!written) return gates ? whole(frame, event, delta, `s:${index}`) : frame;
        const text = delta[written.field];
        if (typeof text !== 'string') return frame;
        deltaTypes.set(index, delta.type as string);
        tally.completionChars += text.length;
        collect?.push(text);
        if (!gates) return frame;
        const allowed = gates.push(String(index), text, written.encoding);
        if (allowed === null) return blocked();
        if (allowed === '') return '';
        delta[written.field] = allowed;
        return sseFrame('content_block_delta', event);
      }
      case 'content_block_stop': {
        const out = heldBack(index);
        deltaTypes.delete(index);
        return tally.blockedBy ? '' : out + frame;
      }
      case 'message_stop':
        return heldBackAll() + frame;
      case 'ping':
        return frame;
      default:
        return gates ? whole(frame, event, event, `e:${String(event.type)}`) : frame;
    }
  }

  /** `value`'s strings (in `event`) through the gate `key` whole: the frame as it came, rewritten, or '' when blocked. */
  function whole(frame: string, event: Record<string, unknown>, value: unknown, key: string): string {
    if (!gates) return frame;
    const changed = gateStrings(value, key, gates, BLOCK_NAMES);
    if (changed === null) return blocked();
    return changed ? sseFrame(String(event.type), event) : frame;
  }

  return {
    markers: MARKERS,
    contentMarker: CONTENT_MARKER,
    handle(frame) {
      if (!frame.startsWith('event: content_block_delta\n'))
        return relayFrame(frame, null, '', 'text', stream, parsedFrame);
      let type = 'text_delta';
      let text = splitTextFrame(frame, TEXT_KEY, plainTextSuffix);
      if (!text) {
        type = 'input_json_delta';
        text = splitTextFrame(frame, JSON_KEY, plainTextSuffix);
      }
      let key = '';
      if (text) {
        const index = Number(INDEX.exec(text.prefix)?.[1] ?? 0);
        deltaTypes.set(index, type);
        key = String(index);
      }
      return relayFrame(frame, text, key, type === 'text_delta' ? 'text' : 'json', stream, parsedFrame);
    },
    endOfRead: () => coalescer?.emit() ?? '',
    finish: heldBackAll,
  };
}
