import type { GateEncoding, OutputGates } from '../output-gate';
import { isObject, type JsonObject } from '../prompt-walk';
import { frameData, gateStrings, opaqueFrame, type FrameHandler, type StreamTally } from './frame-handler';
import { relayFrame, splitTextFrame, TextCoalescer } from './text-frames';

const USAGE_MARKER = Buffer.from('"usage":{');
// Frames carrying content (the first, empty one with the role counts too: a one-token overestimate at most).
const CONTENT_MARKER = Buffer.from('"content":"');
// Choice 0 whose delta holds only content; the suffix must show it unfinished, alone, and without usage.
const CONTENT_KEY = '"choices":[{"index":0,"delta":{"content":';
const plainTextSuffix = (suffix: string) => suffix.includes('"finish_reason":null}]') && !suffix.includes('"usage":{');
// A tool call's argument delta and nothing else: its choice and tool call from the prefix, the closing braces after.
const ARGUMENTS_KEY = '"function":{"arguments":';
const TOOL_CALL_AT = /"choices":\[\{"index":(\d+),"delta":\{"tool_calls":\[\{"index":(\d+),"function":\{"arguments":$/;
const argumentsSuffix = (suffix: string) => suffix.startsWith('}}]}') && plainTextSuffix(suffix);

/*
 * Every piece of text a completion writes has its own gate: `c:<choice>:content`,
 * `c:<choice>:refusal`, `c:<choice>:fn` (the legacy function call),
 * `c:<choice>:t<index>` for each tool call's arguments (JSON text) and
 * `c:<choice>:x:<field>` for any other text field of a delta (OpenAI-compatible
 * servers add their own: vLLM's and DeepSeek's `reasoning_content`, `reasoning`).
 */
const pieceKey = (choice: number, piece: string) => `c:${choice}:${piece}`;
/** Delta fields with a gate of their own above, or no text a model writes. */
const KNOWN_DELTA_FIELDS = new Set(['role', 'content', 'refusal', 'tool_calls', 'function_call']);
const CHOICE_0_CONTENT = pieceKey(0, 'content');

type Rest = [key: string, rest: string];

/** Puts what a piece's gate held back into a choice's delta, in the field it came from. */
function addRest(delta: JsonObject, key: string, rest: string): void {
  const piece = key.slice(key.indexOf(':', 2) + 1);
  if (piece === 'content' || piece === 'refusal') {
    const before = delta[piece];
    delta[piece] = (typeof before === 'string' ? before : '') + rest;
    return;
  }
  if (piece.startsWith('x:')) {
    const field = piece.slice(2);
    const before = delta[field];
    delta[field] = (typeof before === 'string' ? before : '') + rest;
    return;
  }
  if (piece === 'fn') {
    const call = isObject(delta.function_call) ? delta.function_call : (delta.function_call = {});
    call.arguments = (typeof call.arguments === 'string' ? call.arguments : '') + rest;
    return;
  }
  const index = Number(piece.slice(1));
  const calls = Array.isArray(delta.tool_calls) ? (delta.tool_calls as unknown[]) : (delta.tool_calls = []);
  const call = calls.find((c): c is JsonObject => isObject(c) && c.index === index);
  if (call) {
    const fn = isObject(call.function) ? call.function : (call.function = {});
    fn.arguments = (typeof fn.arguments === 'string' ? fn.arguments : '') + rest;
  } else calls.unshift({ index, function: { arguments: rest } });
}

function emptyText(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** A chunk that carries nothing once its text was held back: not sent. */
function carriesNothing(chunk: JsonObject, choices: unknown[]): boolean {
  if (chunk.usage !== undefined && chunk.usage !== null) return false;
  for (const choice of choices) {
    if (!isObject(choice)) return false;
    if (choice.finish_reason != null || (choice.logprobs !== undefined && choice.logprobs !== null)) return false;
    const delta = choice.delta;
    if (!isObject(delta)) continue;
    for (const key in delta) {
      const value = delta[key];
      if (key !== 'role' && typeof value === 'string') {
        if (!emptyText(value)) return false;
      } else if (key === 'tool_calls' && Array.isArray(value)) {
        for (const call of value as unknown[]) {
          if (!isObject(call) || call.id !== undefined || call.type !== undefined) return false;
          const fn = call.function;
          if (isObject(fn) && (fn.name !== undefined || !emptyText(fn.arguments))) return false;
        }
      } else if (key === 'function_call' && isObject(value)) {
        if (value.name !== undefined || !emptyText(value.arguments)) return false;
      } else if (value !== undefined && value !== null) return false;
    }
  }
  return true;
}

/**
 * OpenAI chat-completion chunks. Reads usage from the usage chunk (and drops
 * that chunk when the gateway, not the caller, asked for it) and, when output
 * rules or restore apply, runs every choice's content, refusal and tool-call
 * arguments through its own gate. What a gate holds back goes out in the
 * chunk that finishes its choice, when the choice moves on to its next tool
 * call, or before [DONE].
 */
export function openaiFrameHandler(options: {
  tally: StreamTally;
  gates: OutputGates | null;
  collect: string[] | null;
  hideUsageChunk: boolean;
}): FrameHandler {
  const { tally, gates, collect, hideUsageChunk } = options;
  const coalescer = gates ? new TextCoalescer(gates, tally) : null;
  const stream = { tally, collect, coalescer };
  let template: JsonObject | null = null;
  /** The tool call each choice is writing; the one before it is complete. */
  const currentToolCall = new Map<number, number>();

  function blocked(): '' {
    tally.blockedBy = gates?.blockedBy ?? [];
    return '';
  }

  /** At the end of the stream: what every gate still holds, one chunk per choice. */
  function heldBackFrames(): string {
    if (!gates || !template) return '';
    const pending = coalescer?.emit() ?? '';
    if (tally.blockedBy) return '';
    const rests = gates.flushAll();
    if (rests === null) return blocked();
    const deltas = new Map<number, JsonObject>();
    for (const [key, rest] of rests) {
      const choice = Number(key.slice(2, key.indexOf(':', 2)));
      let delta = deltas.get(choice);
      if (!delta) deltas.set(choice, (delta = {}));
      addRest(delta, key, rest);
    }
    let out = pending;
    for (const [index, delta] of deltas)
      out += `data: ${JSON.stringify({ ...template, choices: [{ index, delta, finish_reason: null }] })}\n\n`;
    return out;
  }

  /**
   * `holder[field]`, a piece of text, through its gate: true when it changed,
   * false when not (or there is none), null when a rule blocked the stream.
   */
  function gateField(holder: JsonObject, field: string, key: string, encoding: GateEncoding): boolean | null {
    const text = holder[field];
    if (typeof text !== 'string' || text.length === 0) return false;
    tally.completionChars += text.length;
    collect?.push(text);
    if (!gates) return false;
    const allowed = gates.push(key, text, encoding);
    if (allowed === null) return null;
    holder[field] = allowed;
    return allowed !== text;
  }

  /** What the gate of choice c's previous tool call still holds, once the choice has moved on to tool call t. */
  function previousToolCall(c: number, t: number, rests: Rest[]): boolean {
    const previous = currentToolCall.get(c);
    currentToolCall.set(c, t);
    if (!gates || previous === undefined || previous === t) return true;
    const key = pieceKey(c, `t${previous}`);
    const rest = gates.flush(key);
    if (rest === null) return false;
    if (rest) rests.push([key, rest]);
    return true;
  }

  /** Gates one choice of a chunk in place: true when it changed, null when a rule blocked the stream. */
  function gateChoice(choice: JsonObject, c: number): boolean | null {
    let changed = false;
    const delta = isObject(choice.delta) ? choice.delta : null;
    const rests: Rest[] = [];
    const step = (result: boolean | null): boolean => {
      if (result === null) return false;
      changed ||= result;
      return true;
    };
    if (delta) {
      if (!step(gateField(delta, 'content', pieceKey(c, 'content'), 'text'))) return null;
      if (!step(gateField(delta, 'refusal', pieceKey(c, 'refusal'), 'text'))) return null;
      for (const field in delta) {
        if (KNOWN_DELTA_FIELDS.has(field)) continue;
        const value = delta[field];
        if (typeof value === 'string') {
          if (!step(gateField(delta, field, pieceKey(c, `x:${field}`), 'text'))) return null;
        } else if (gates && typeof value === 'object' && value !== null) {
          // Structured text of a server's own (OpenRouter's `reasoning_details`): each string whole.
          if (!step(gateStrings(value, pieceKey(c, `x:${field}`), gates))) return null;
        }
      }
      const calls = Array.isArray(delta.tool_calls) ? (delta.tool_calls as unknown[]) : [];
      for (let j = 0; j < calls.length; j++) {
        const call = calls[j];
        if (!isObject(call)) continue;
        const t = typeof call.index === 'number' ? call.index : j;
        if (!previousToolCall(c, t, rests)) return null;
        if (isObject(call.function) && !step(gateField(call.function, 'arguments', pieceKey(c, `t${t}`), 'json')))
          return null;
      }
      if (
        isObject(delta.function_call) &&
        !step(gateField(delta.function_call, 'arguments', pieceKey(c, 'fn'), 'json'))
      )
        return null;
    }
    if (gates && choice.finish_reason != null) {
      const finished = gates.flushAll(pieceKey(c, ''));
      if (finished === null) return null;
      rests.push(...finished);
      currentToolCall.delete(c);
    }
    if (rests.length) {
      let target = delta;
      if (!target) choice.delta = target = {};
      for (const [key, rest] of rests) addRest(target, key, rest);
      changed = true;
    }
    return changed;
  }

  function parsedFrame(frame: string): string {
    const data = frameData(frame);
    if (!data) return frame;
    if (data.raw === '[DONE]') return heldBackFrames() + frame;
    const chunk = data.json;
    if (!chunk || chunk.error) return opaqueFrame(frame, gates, tally);
    const usage = chunk.usage as { prompt_tokens?: number; completion_tokens?: number } | null | undefined;
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as unknown[]) : [];
    if (usage && typeof usage === 'object') {
      tally.promptTokens = usage.prompt_tokens ?? null;
      tally.completionTokens = usage.completion_tokens ?? null;
      if (hideUsageChunk && choices.length === 0) return heldBackFrames();
    }
    if (choices.length === 0) return frame;
    template ??= { id: chunk.id, object: chunk.object, created: chunk.created, model: chunk.model };
    let changed = false;
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i];
      if (!isObject(choice)) continue;
      const result = gateChoice(choice, typeof choice.index === 'number' ? choice.index : i);
      if (result === null) return blocked();
      changed ||= result;
    }
    if (!changed) return frame;
    return carriesNothing(chunk, choices) ? '' : `data: ${JSON.stringify(chunk)}\n\n`;
  }

  return {
    markers: [USAGE_MARKER],
    contentMarker: CONTENT_MARKER,
    handle(frame) {
      if (!template) return relayFrame(frame, null, '', 'text', stream, parsedFrame);
      const text = splitTextFrame(frame, CONTENT_KEY, plainTextSuffix);
      if (text) return relayFrame(frame, text, CHOICE_0_CONTENT, 'text', stream, parsedFrame);
      const args = splitTextFrame(frame, ARGUMENTS_KEY, argumentsSuffix);
      const at = args ? TOOL_CALL_AT.exec(args.prefix) : null;
      // Only while the choice stays on the same tool call: moving on to the next one releases the last one's gate.
      if (args && at && currentToolCall.get(Number(at[1])) === Number(at[2]))
        return relayFrame(frame, args, pieceKey(Number(at[1]), `t${at[2]}`), 'json', stream, parsedFrame);
      return relayFrame(frame, null, '', 'text', stream, parsedFrame);
    },
    endOfRead: () => coalescer?.emit() ?? '',
    finish: heldBackFrames,
  };
}
