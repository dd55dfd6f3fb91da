import type { ServerResponse } from 'node:http';

/** What every fake endpoint shares: reading the caller's text, answering JSON, streaming frames by model name. */
export type Json = Record<string, unknown>;

const STREAM_CHUNK_CHARS = 6;
const MAX_ECHO_CHARS = 400;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a string content or of its text parts (`text`, `input_text`, Anthropic text blocks). */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: unknown) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join('');
}

/** The last user message of a message list (chat, Anthropic, Responses input items). */
export function lastUserText(messages: unknown): string {
  if (typeof messages === 'string') return messages;
  const list = Array.isArray(messages) ? (messages as unknown[]) : [];
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    if (isObject(m) && m.role === 'user') return textOf(m.content);
  }
  return '';
}

/** The answer's text: "You said: <text>", capped. */
export function echo(text: string): string {
  return `You said: ${text.slice(0, MAX_ECHO_CHARS)}`;
}

/** With n > 1, choice i echoes line i of the message (the last line when there are fewer). */
export function choiceTexts(text: string, n: number): string[] {
  if (n <= 1) return [echo(text)];
  const lines = text.split('\n');
  return Array.from({ length: n }, (_, i) => echo(lines[Math.min(i, lines.length - 1)] ?? ''));
}

/** `fake-tools` answers with a call to the request's first tool (or `echo`), passing the echo as `{"text": …}`. */
export function toolCallOf(body: Json, text: string): { name: string; arguments: string } {
  return toolCallsOf(body, text, false)[0] ?? { name: 'echo', arguments: JSON.stringify({ text }) };
}

/** A model that calls tools: `fake-tools` and any `fake-…-tools`. */
export function callsTools(model: string): boolean {
  return model.endsWith('-tools');
}

/** `…-parallel-tools` calls every tool of the request (at most 3) at once, each with `{"text": …, "call": i}`. */
export function toolCallsOf(body: Json, text: string, parallel: boolean): Array<{ name: string; arguments: string }> {
  const names: string[] = [];
  for (const tool of Array.isArray(body.tools) ? (body.tools as unknown[]) : []) {
    if (!isObject(tool)) continue;
    const fn = isObject(tool.function) ? tool.function : tool;
    if (typeof fn.name === 'string') names.push(fn.name);
  }
  if (names.length === 0) names.push('echo');
  if (!parallel) return [{ name: names[0] ?? 'echo', arguments: JSON.stringify({ text }) }];
  return names.slice(0, 3).map((name, call) => ({ name, arguments: JSON.stringify({ text, call }) }));
}

/**
 * When the conversation ends with tool results (an OpenAI `tool` message, an
 * Anthropic user turn of `tool_result` blocks): their text, for a tools model
 * to answer "Tool said: …" instead of calling again. Null otherwise.
 */
export function toolResultText(messages: unknown): string | null {
  const list = Array.isArray(messages) ? (messages as unknown[]) : [];
  const results: string[] = [];
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    if (!isObject(m)) break;
    if (m.role === 'tool') {
      results.unshift(textOf(m.content));
      continue;
    }
    if (m.role === 'user' && Array.isArray(m.content) && results.length === 0) {
      const blocks = (m.content as unknown[]).filter((b) => isObject(b) && b.type === 'tool_result') as Json[];
      if (blocks.length === 0) return null;
      return blocks.map((b) => `${b.is_error === true ? '[error] ' : ''}${textOf(b.content)}`).join(' | ');
    }
    break;
  }
  return results.length ? results.join(' | ') : null;
}

export function promptChars(body: Json): number {
  return JSON.stringify(body.messages ?? body.input ?? '').length;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

export function chunksOf(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += STREAM_CHUNK_CHARS) out.push(text.slice(i, i + STREAM_CHUNK_CHARS));
  return out;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function writeFrames(res: ServerResponse, frames: string[], model: string): Promise<void> {
  const delay = model === 'fake-slow' ? 20 : 0;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const [i, frame] of frames.entries()) {
    if (res.destroyed) return;
    res.write(frame);
    if (model === 'fake-stall-stream' && i === 1) return; // never ends
    if (delay) await wait(delay);
  }
  res.end();
}
