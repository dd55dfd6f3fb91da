import type { GateEncoding, OutputGates } from '../output-gate';
import { frameData, opaqueFrame, type FrameHandler, type StreamTally } from './frame-handler';
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

/**
 * Anthropic Messages events. Usage comes from message_start (input) and
 * message_delta (output). Each content block has its own gate (text, a
 * tool_use block's streamed JSON input, thinking); what a gate still holds is
 * sent before its block's content_block_stop.
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
        return frame;
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
        if (!delta || !written) return frame;
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
      default:
        return frame;
    }
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
