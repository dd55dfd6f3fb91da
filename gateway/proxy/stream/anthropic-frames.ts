import type { OutputGate } from '../output-gate';
import { frameData, type FrameHandler, type StreamTally } from './frame-handler';
import { drainHeldBack, relayFrame, splitTextFrame, TextCoalescer } from './text-frames';

const CONTENT_MARKER = Buffer.from('"text_delta"');
const MARKERS = [Buffer.from('message_start'), Buffer.from('message_delta')];
const TEXT_KEY = '"delta":{"type":"text_delta","text":';
const plainTextSuffix = (suffix: string) => suffix === '}}';

/**
 * Anthropic Messages events. Usage comes from message_start (input) and
 * message_delta (output); text_delta events go through the output gate, and
 * what it still holds is sent before the block's content_block_stop.
 */
export function anthropicFrameHandler(options: {
  tally: StreamTally;
  gate: OutputGate | null;
  collect: string[] | null;
}): FrameHandler {
  const { tally, gate, collect } = options;
  const coalescer = gate ? new TextCoalescer(gate, tally) : null;
  const stream = { tally, collect, coalescer };
  let blockIndex = 0;

  function heldBackFrame(): string {
    if (!gate) return '';
    const drained = drainHeldBack(gate, coalescer, tally);
    if (!drained) return '';
    const { pending, rest } = drained;
    if (!rest) return pending;
    const event = { type: 'content_block_delta', index: blockIndex, delta: { type: 'text_delta', text: rest } };
    return `${pending}event: content_block_delta\ndata: ${JSON.stringify(event)}\n\n`;
  }

  function parsedFrame(frame: string): string {
    const event = frameData(frame)?.json;
    if (!event) return frame;
    switch (event.type) {
      case 'message_start': {
        const usage = (event.message as { usage?: { input_tokens?: number; output_tokens?: number } } | undefined)
          ?.usage;
        if (usage?.input_tokens !== undefined) tally.promptTokens = usage.input_tokens;
        return frame;
      }
      case 'message_delta': {
        const usage = event.usage as { output_tokens?: number } | undefined;
        if (usage?.output_tokens !== undefined) tally.completionTokens = usage.output_tokens;
        return frame;
      }
      case 'content_block_delta': {
        const delta = event.delta as { type?: string; text?: unknown } | undefined;
        if (delta?.type !== 'text_delta' || typeof delta.text !== 'string') return frame;
        blockIndex = typeof event.index === 'number' ? event.index : blockIndex;
        tally.completionChars += delta.text.length;
        collect?.push(delta.text);
        if (!gate) return frame;
        const allowed = gate.push(delta.text);
        if (allowed === null) {
          tally.blockedBy = gate.blockedBy;
          return '';
        }
        if (allowed === '') return '';
        delta.text = allowed;
        return `event: content_block_delta\ndata: ${JSON.stringify(event)}\n\n`;
      }
      case 'content_block_stop':
        return heldBackFrame() + frame;
      default:
        return frame;
    }
  }

  return {
    markers: MARKERS,
    contentMarker: CONTENT_MARKER,
    handle(frame) {
      const text = frame.startsWith('event: content_block_delta\n')
        ? splitTextFrame(frame, TEXT_KEY, plainTextSuffix)
        : null;
      if (text) {
        const index = /"index":(\d+)/.exec(text.prefix)?.[1];
        if (index !== undefined) blockIndex = Number(index);
      }
      return relayFrame(frame, text, stream, parsedFrame);
    },
    endOfRead: () => coalescer?.emit() ?? '',
    finish: heldBackFrame,
  };
}
