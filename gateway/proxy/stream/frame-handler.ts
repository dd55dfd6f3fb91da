import type { OutputGates } from '../output-gate';
import { isStructureKey } from '../prompt-walk';

/** What a stream has reported so far; read by the request log when the stream ends (or is cut). */
export interface StreamTally {
  promptTokens: number | null;
  completionTokens: number | null;
  /** Content frames relayed without inspection (a fallback token estimate: providers send about one token per frame). */
  uninspectedContentFrames: number;
  /** Completion characters seen in inspected frames. */
  completionChars: number;
  /** Rules that stopped the stream, when an output rule blocked it. */
  blockedBy: string[] | null;
}

export function newTally(): StreamTally {
  return {
    promptTokens: null,
    completionTokens: null,
    uninspectedContentFrames: 0,
    completionChars: 0,
    blockedBy: null,
  };
}

/**
 * One wire format's view of SSE frames. `handle` gets one complete frame
 * (without its terminating blank line) and returns what to send the caller
 * instead, terminators included (the frame itself, a rewritten frame, several
 * frames, or '' to drop it).
 */
export interface FrameHandler {
  /** Substrings that mark a frame the relay must hand to `handle` even when it is only passing bytes through. */
  readonly markers: readonly Buffer[];
  /** Marks a frame that carries completion text (counted, for the fallback estimate). */
  readonly contentMarker: Buffer;
  handle(frame: string): string;
  /** After the frames of one upstream read: whatever the handler coalesced from them. */
  endOfRead(): string;
  /** At the end of the upstream stream: whatever is still held back. */
  finish(): string;
}

/** The JSON payload of a frame's `data:` line, or undefined when it has none or it is not JSON. */
export function frameData(frame: string): { raw: string; json: Record<string, unknown> | undefined } | undefined {
  const at = frame.startsWith('data:') ? 0 : frame.indexOf('\ndata:') + 1;
  if (at < 0 || (at === 0 && !frame.startsWith('data:'))) return undefined;
  const raw = frame.slice(at + 5).trim();
  if (!raw.startsWith('{')) return { raw, json: undefined };
  try {
    return { raw, json: JSON.parse(raw) as Record<string, unknown> };
  } catch {
    return { raw, json: undefined };
  }
}

/**
 * A frame the format's handler cannot read (its data is not JSON) or passes on as the upstream wrote it (an
 * error): with output rules or restore, its whole text goes through a gate of its own, so nothing an upstream
 * writes reaches the caller unseen. Null when a rule blocked it (tally.blockedBy is set then).
 */
export function opaqueFrame(frame: string, gates: OutputGates | null, tally: StreamTally): string {
  if (!gates) return frame;
  const allowed = gates.applyWhole('opaque', frame, 'text');
  if (allowed === null) {
    tally.blockedBy = gates.blockedBy;
    return '';
  }
  return allowed;
}

/**
 * Text an upstream sends in a shape the format's handler does not read piece by piece (a server's own delta
 * field, a block or an event of a kind it does not know, a server tool's result): every string inside `value`,
 * except under identifier keys (as in the prompt's generic walk) and the keys in `skip`, through the gate `key`
 * whole, replaced in place by what the gate lets through. True when a string changed, null when a rule blocked.
 * A match split between two such strings is not seen; text a handler reads as deltas keeps its incremental gates.
 */
export function gateStrings(
  value: unknown,
  key: string,
  gates: OutputGates,
  skip: ReadonlySet<string> | null = null,
): boolean | null {
  if (typeof value !== 'object' || value === null) return false;
  let changed = false;
  const holder = value as Record<string | number, unknown>;
  const keys: Array<string | number> = Array.isArray(value) ? [...value.keys()] : Object.keys(value);
  for (const k of keys) {
    if (typeof k === 'string' && (isStructureKey(k) || skip?.has(k))) continue;
    const item = holder[k];
    let result: boolean | null = false;
    if (typeof item === 'string') {
      if (item.length === 0) continue;
      const allowed = gates.applyWhole(key, item, 'text');
      if (allowed === null) return null;
      holder[k] = allowed;
      result = allowed !== item;
    } else if (typeof item === 'object' && item !== null) result = gateStrings(item, key, gates);
    if (result === null) return null;
    changed ||= result;
  }
  return changed;
}
