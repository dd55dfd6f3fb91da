import type { ServerResponse } from 'node:http';
import type { FrameHandler, StreamTally } from './frame-handler';

const FRAME_END = Buffer.from('\n\n');

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
    const buffer: Buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
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
  const rest = handler.finish();
  if (tally.blockedBy) return 'blocked';
  if (rest) res.write(rest);
  if (pending && pending.length) res.write(pending);
  return res.destroyed ? 'client_closed' : 'completed';
}
