import { createServer } from 'node:http';
import { listenOnLoopback } from '../../support/loopback-server';

/** An upstream on a loopback port that answers every request with the SSE frames scripted for its body's model. */
export async function startScriptedUpstream(
  streams: Readonly<Record<string, readonly string[]>>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (data: Buffer) => (raw += data.toString()));
    req.on('end', () => {
      const frames = streams[(JSON.parse(raw) as { model: string }).model] ?? [];
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(frames.join(''));
    });
  });
  return listenOnLoopback(server);
}

/** Output rules every scripted-upstream test uses: e-mail addresses redacted, secrets blocked. */
export const REDACT_EMAILS_OUT = {
  id: 'no-emails-out',
  type: 'pii' as const,
  entities: ['EMAIL' as const],
  target: 'completion' as const,
  action: 'redact' as const,
};
export const BLOCK_SECRETS_OUT = {
  id: 'no-secrets-out',
  type: 'pii' as const,
  entities: ['SECRET' as const],
  target: 'completion' as const,
  action: 'block' as const,
};
