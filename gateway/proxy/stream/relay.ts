import type { ServerResponse } from 'node:http';
import type { FrameHandler, StreamTally } from './frame-handler';

const FRAME_END = Buffer.from('\n\n');
const CR = 0x0d;
const LF = 0x0a;

/**
 * SSE lines may end in \r\n, \n or \r (the spec allows all three; llama.cpp's server and others built on
 * sse-starlette send \r\n). Frames are cut at \n\n, so the other two endings become \n. A \r that ends the bytes
 * is kept as it is: the next read may begin with its \n. Bytes without \r come back as they are.
 */
export function lineFeeds(buffer: Buffer): Buffer {
  const first = buffer.indexOf(CR);
  if (first === -1 || first === buffer.length - 1) return buffer;
  const out = Buffer.allocUnsafe(buffer.length);
  let n = buffer.copy(out, 0, 0, first);
  const last = buffer.length - 1;
  for (let i = first; i <= last; i++) {
    const byte = buffer[i] as number;
    if (byte !== CR || i === last) {
      out[n++] = byte;
      continue;
    }
    out[n++] = LF;
    if (buffer[i + 1] === LF) i++;
  }
  return out.subarray(0, n);
}

function containsAny(buffer: Buffer, markers: readonly Buffer[]): boolean {
  for (const marker of markers) if (buffer.indexOf(marker) !== -1) return true;
  return false;
}

function count(buffer: Buffer, marker: Buffer): number {
  let n = 0;
  let at = buffer.indexOf(marker);
  while (at !== -1) {
    n++;
    at = buffer.indexOf(marker, at + marker.length);
  }
  return n;
}

/** Waits for the socket to take more, or to close (a client gone mid-stream must not hang the relay). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** What the stream left after its last blank line, as a frame: '' when only line ends (or nothing) remain. */
function lastFrame(pending: Buffer): string {
  return pending.toString('utf8').replace(/^[\r\n]+|[\r\n]+$/g, '');
}

export type RelayEnd = 'completed' | 'blocked' | 'client_closed';

/**
 * Relays an upstream SSE body to the caller, frame-aligned: bytes of complete
 * frames go out as they arrive; a partial frame waits for its end. When
 * `inspectAll` is false (no output rule, nothing to restore, no full log) the
 * complete frames are written untouched unless one carries a marker (usage);
 * otherwise every frame goes through the handler. No whole-response buffering.
 */
export async function relayStream(options: {
  upstream: AsyncIterable<Buffer>;
  res: ServerResponse;
  handler: FrameHandler;
  tally: StreamTally;
  inspectAll: boolean;
}): Promise<RelayEnd> {
  const { upstream, res, handler, tally, inspectAll } = options;
  let pending: Buffer | null = null;
  for await (const chunk of upstream) {
    if (res.destroyed) return 'client_closed';
    const buffer = lineFeeds(pending ? Buffer.concat([pending, chunk]) : chunk);
    const last = buffer.lastIndexOf(FRAME_END);
    if (last === -1) {
      pending = buffer;
      continue;
    }
    const end = last + 2;
    const complete = end === buffer.length ? buffer : buffer.subarray(0, end);
    pending = end === buffer.length ? null : buffer.subarray(end);
    let ok = true;
    if (!inspectAll && !containsAny(complete, handler.markers)) {
      tally.uninspectedContentFrames += count(complete, handler.contentMarker);
      ok = res.write(complete);
    } else {
      let out = '';
      for (const frame of complete.toString('utf8').split('\n\n')) {
        if (frame.length === 0) continue;
        out += handler.handle(frame);
        if (tally.blockedBy) break;
      }
      if (!tally.blockedBy) out += handler.endOfRead();
      if (out) ok = res.write(out);
      if (tally.blockedBy) return 'blocked';
    }
    if (!ok && !res.destroyed) await drained(res);
  }
  // A last frame without its blank line is still a frame the caller may read: it goes through the handler too.
  const last = pending ? lastFrame(pending) : '';
  let out = last ? handler.handle(last) : '';
  if (tally.blockedBy) return 'blocked';
  out += handler.finish();
  if (tally.blockedBy) return 'blocked';
  if (out) res.write(out);
  return res.destroyed ? 'client_closed' : 'completed';
}
