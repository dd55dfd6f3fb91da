import type { GateEncoding, OutputGates } from '../output-gate';
import type { StreamTally } from './frame-handler';

/**
 * The fast path for the frames that make up almost all of a stream: one text
 * delta and nothing else. Instead of parsing and re-serialising each frame,
 * it finds the text's JSON string literal, decodes only that, and writes
 * frames back as raw prefix + new literal + raw suffix. Consecutive text
 * frames of one upstream read are coalesced into one frame and pass through
 * the output gate in one step.
 */
export interface TextFrame {
  prefix: string;
  text: string;
  suffix: string;
}

/**
 * Finds `key` (which ends where the text's JSON string begins) followed by the
 * string and a closing brace, i.e. a delta object holding nothing but the
 * text (any next character with `closed` false); `acceptSuffix` checks the
 * rest of the frame. Only the short suffix is searched, never the whole frame
 * again. Null when the frame is anything else.
 */
export function splitTextFrame(
  frame: string,
  key: string,
  acceptSuffix: (suffix: string) => boolean,
  closed = true,
): TextFrame | null {
  const at = frame.indexOf(key);
  if (at === -1) return null;
  const open = at + key.length;
  if (frame.charCodeAt(open) !== 34) return null;
  let i = open + 1;
  let escaped = false;
  while (i < frame.length) {
    const c = frame.charCodeAt(i);
    if (c === 92) {
      escaped = true;
      i += 2;
      continue;
    }
    if (c === 34) break;
    i++;
  }
  if (i + 1 >= frame.length || (closed && frame.charCodeAt(i + 1) !== 125)) return null;
  const suffix = frame.slice(i + 1);
  if (!acceptSuffix(suffix)) return null;
  const literal = frame.slice(open, i + 1);
  let text: string;
  if (escaped) {
    try {
      text = JSON.parse(literal) as string;
    } catch {
      return null;
    }
  } else text = literal.slice(1, -1);
  return { prefix: frame.slice(0, open), text, suffix };
}

/**
 * Holds the text of consecutive text frames of one piece (`key`: a choice's
 * content, a tool call's arguments, a block) until the end of the read, another
 * frame or another piece's text, and emits it gated, as one frame.
 */
export class TextCoalescer {
  private text = '';
  private prefix = '';
  private suffix = '';
  private key = '';
  private encoding: GateEncoding = 'text';

  constructor(
    private readonly gates: OutputGates,
    private readonly tally: StreamTally,
  ) {}

  /** Adds a text frame of piece `key`; returns the run of another piece, emitted first ('' when none). */
  add(frame: TextFrame, key: string, encoding: GateEncoding): string {
    const before = this.text && key !== this.key ? this.emit() : '';
    if (!this.text) {
      this.prefix = frame.prefix;
      this.suffix = frame.suffix;
      this.key = key;
      this.encoding = encoding;
    }
    this.text += frame.text;
    return before;
  }

  /** The gated text as one frame ('' when the gate holds it all back); sets tally.blockedBy when a rule blocks. */
  emit(): string {
    if (!this.text) return '';
    const allowed = this.gates.push(this.key, this.text, this.encoding);
    this.text = '';
    if (allowed === null) {
      this.tally.blockedBy = this.gates.blockedBy;
      return '';
    }
    return allowed ? `${this.prefix}${JSON.stringify(allowed)}${this.suffix}\n\n` : '';
  }
}

/**
 * The step every wire format shares: a plain text frame is counted, then passed
 * on untouched (no output rules) or coalesced for the output gate; any other
 * frame first releases what was coalesced, then takes the format's parsing path.
 */
export function relayFrame(
  frame: string,
  text: TextFrame | null,
  textKey: string,
  encoding: GateEncoding,
  stream: { tally: StreamTally; collect: string[] | null; coalescer: TextCoalescer | null },
  parsedFrame: (frame: string) => string,
): string {
  if (text) {
    stream.tally.completionChars += text.text.length;
    stream.collect?.push(text.text);
    if (!stream.coalescer) return `${frame}\n\n`;
    const before = stream.coalescer.add(text, textKey, encoding);
    return stream.tally.blockedBy ? '' : before;
  }
  const before = stream.coalescer?.emit() ?? '';
  if (stream.tally.blockedBy) return '';
  return before + parsedFrame(`${frame}\n\n`);
}

/** An SSE frame, with an event line when the format names its events. */
export function sseFrame(event: string | null, data: unknown): string {
  return event ? `event: ${event}\ndata: ${JSON.stringify(data)}\n\n` : `data: ${JSON.stringify(data)}\n\n`;
}
