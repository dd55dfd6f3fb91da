import type { IncomingMessage } from 'node:http';
import { ApiError } from '../errors/api-error';

/** Reads the whole body, refusing it as soon as it passes the limit (so a huge body is never buffered). */
export async function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new ApiError('PAYLOAD_TOO_LARGE', `body exceeds ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) {
      req.resume();
      throw new ApiError('PAYLOAD_TOO_LARGE', `body exceeds ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (!contentType || !/^application\/(.+\+)?json\b/i.test(contentType))
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new ApiError('BAD_REQUEST', 'malformed JSON body');
  }
}
