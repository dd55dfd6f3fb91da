import type { OutputGate } from '../output-gate';
import { frameData, type FrameHandler, type StreamTally } from './frame-handler';
import { drainHeldBack, relayFrame, splitTextFrame, TextCoalescer } from './text-frames';

interface ChunkChoice {
  index?: number;
  delta?: { content?: unknown; role?: unknown; tool_calls?: unknown; refusal?: unknown };
  finish_reason?: unknown;
}

const USAGE_MARKER = Buffer.from('"usage":{');
// Frames carrying content (the first, empty one with the role counts too: a one-token overestimate at most).
const CONTENT_MARKER = Buffer.from('"content":"');
// Choice 0 whose delta holds only content; the suffix must show it unfinished, alone, and without usage.
const CONTENT_KEY = '"choices":[{"index":0,"delta":{"content":';
const plainTextSuffix = (suffix: string) => suffix.includes('"finish_reason":null}]') && !suffix.includes('"usage":{');

/**
 * OpenAI chat-completion chunks. Reads usage from the usage chunk (and drops
 * that chunk when the gateway, not the caller, asked for it), and runs
 * `choices[0].delta.content` through the output gate when one is set.
 */
export function openaiFrameHandler(options: {
  tally: StreamTally;
  gate: OutputGate | null;
  collect: string[] | null;
  hideUsageChunk: boolean;
}): FrameHandler {
  const { tally, gate, collect, hideUsageChunk } = options;
  const coalescer = gate ? new TextCoalescer(gate, tally) : null;
  const stream = { tally, collect, coalescer };
  let template: Record<string, unknown> | null = null;

  function heldBackFrame(): string {
    if (!gate || !template) return '';
    const drained = drainHeldBack(gate, coalescer, tally);
    if (!drained) return '';
    const { pending, rest } = drained;
    if (!rest) return pending;
    return `${pending}data: ${JSON.stringify({ ...template, choices: [{ index: 0, delta: { content: rest }, finish_reason: null }] })}\n\n`;
  }

  function parsedFrame(frame: string): string {
    const data = frameData(frame);
    if (!data) return frame;
    if (data.raw === '[DONE]') return heldBackFrame() + frame;
    const chunk = data.json;
    if (!chunk || chunk.error) return frame;
    const usage = chunk.usage as { prompt_tokens?: number; completion_tokens?: number } | null | undefined;
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as ChunkChoice[]) : [];
    if (usage && typeof usage === 'object') {
      tally.promptTokens = usage.prompt_tokens ?? null;
      tally.completionTokens = usage.completion_tokens ?? null;
      if (hideUsageChunk && choices.length === 0) return heldBackFrame();
    }
    const choice = choices[0];
    if (!choice?.delta) return frame;
    template ??= { id: chunk.id, object: chunk.object, created: chunk.created, model: chunk.model };
    let out = frame;
    const content = choice.delta.content;
    if (typeof content === 'string' && content.length > 0) {
      tally.completionChars += content.length;
      collect?.push(content);
      if (gate) {
        const allowed = gate.push(content);
        if (allowed === null) {
          tally.blockedBy = gate.blockedBy;
          return '';
        }
        const onlyContent =
          choice.finish_reason == null && choice.delta.role === undefined && choice.delta.tool_calls === undefined;
        if (allowed === '' && onlyContent) return '';
        choice.delta.content = allowed;
        out = `data: ${JSON.stringify(chunk)}\n\n`;
      }
    }
    if (choice.finish_reason != null && gate) return heldBackFrame() + out;
    return out;
  }

  return {
    markers: [USAGE_MARKER],
    contentMarker: CONTENT_MARKER,
    handle(frame) {
      const text = template ? splitTextFrame(frame, CONTENT_KEY, plainTextSuffix) : null;
      return relayFrame(frame, text, stream, parsedFrame);
    },
    endOfRead: () => coalescer?.emit() ?? '',
    finish: heldBackFrame,
  };
}
