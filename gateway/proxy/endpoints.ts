import { responsesStreamErrorFrame, streamErrorFrame, type ErrorKind } from '../http/wire-errors';
import type { Endpoint, WireFormat } from '../providers/provider';
import type { OutputGates } from './output-gate';
import {
  anthropicCompletionText,
  anthropicPrompt,
  chatCompletionText,
  embeddingsPrompt,
  openaiChatPrompt,
  responsesCompletionText,
  responsesPrompt,
  type JsonObject,
  type PromptView,
} from './prompt-text';
import { anthropicFrameHandler } from './stream/anthropic-frames';
import type { FrameHandler, StreamTally } from './stream/frame-handler';
import { openaiFrameHandler } from './stream/openai-frames';
import { responsesFrameHandler } from './stream/responses-frames';

/**
 * What differs between the proxied endpoints: where the prompt and the
 * completion live, and how usage is reported. Small pure functions.
 */
export interface EndpointSpec {
  endpoint: Endpoint;
  path: string;
  format: WireFormat;
  streams: boolean;
  prompt(body: JsonObject): PromptView;
  maxTokens(body: JsonObject): number | undefined;
  usage(response: JsonObject): { prompt: number | null; completion: number | null };
  /** The same usage read straight from the response bytes, for responses the gateway does not otherwise parse. */
  scanUsage(raw: string): { prompt: number | null; completion: number | null };
  /** The text a non-streamed completion holds (every choice, text and tool calls; none for embeddings), writable in place. */
  completion(response: JsonObject): PromptView;
  /** The stream's frame handler (streaming endpoints). */
  frames(options: FrameOptions): FrameHandler;
  /** An error inside a stream, as the caller's SDK expects it (it raises on it). */
  streamError(kind: ErrorKind, message: string, matchedRuleIds?: string[]): string;
}

export interface FrameOptions {
  tally: StreamTally;
  gates: OutputGates | null;
  collect: string[] | null;
  hideUsageChunk: boolean;
}

const NO_TEXT: PromptView = { segments: [], write: () => undefined };

function usageScanner(promptKey: string, completionKey: string | null) {
  const promptPattern = new RegExp(`"${promptKey}"\\s*:\\s*(\\d+)`);
  const completionPattern = completionKey ? new RegExp(`"${completionKey}"\\s*:\\s*(\\d+)`) : null;
  return (raw: string) => {
    // Usage comes last in every provider's response; look only from its key on.
    const at = raw.lastIndexOf('"usage"');
    if (at === -1) return { prompt: null, completion: completionKey ? null : 0 };
    const tail = raw.slice(at);
    const prompt = promptPattern.exec(tail)?.[1];
    const completion = completionPattern ? completionPattern.exec(tail)?.[1] : '0';
    return {
      prompt: prompt === undefined ? null : Number(prompt),
      completion: completion === undefined ? null : Number(completion),
    };
  };
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function obj(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export const chatCompletions: EndpointSpec = {
  endpoint: 'chat',
  path: '/v1/chat/completions',
  format: 'openai',
  streams: true,
  prompt: openaiChatPrompt,
  maxTokens: (body) => num(body.max_completion_tokens) ?? num(body.max_tokens) ?? undefined,
  usage: (response) => {
    const usage = obj(response.usage);
    return { prompt: num(usage?.prompt_tokens), completion: num(usage?.completion_tokens) };
  },
  scanUsage: usageScanner('prompt_tokens', 'completion_tokens'),
  completion: chatCompletionText,
  frames: openaiFrameHandler,
  streamError: (kind, message, ruleIds) => streamErrorFrame('openai', kind, message, ruleIds),
};

export const embeddings: EndpointSpec = {
  endpoint: 'embeddings',
  path: '/v1/embeddings',
  format: 'openai',
  streams: false,
  prompt: embeddingsPrompt,
  maxTokens: () => undefined,
  usage: (response) => ({ prompt: num(obj(response.usage)?.prompt_tokens), completion: 0 }),
  scanUsage: usageScanner('prompt_tokens', null),
  completion: () => NO_TEXT,
  frames: openaiFrameHandler,
  streamError: (kind, message, ruleIds) => streamErrorFrame('openai', kind, message, ruleIds),
};

export const messages: EndpointSpec = {
  endpoint: 'messages',
  path: '/v1/messages',
  format: 'anthropic',
  streams: true,
  prompt: anthropicPrompt,
  maxTokens: (body) => num(body.max_tokens) ?? undefined,
  usage: (response) => {
    const usage = obj(response.usage);
    return { prompt: num(usage?.input_tokens), completion: num(usage?.output_tokens) };
  },
  scanUsage: usageScanner('input_tokens', 'output_tokens'),
  completion: anthropicCompletionText,
  frames: anthropicFrameHandler,
  streamError: (kind, message, ruleIds) => streamErrorFrame('anthropic', kind, message, ruleIds),
};

/** OpenAI's Responses API: OpenAI's error shape; its streams are typed events, an error is an `error` event. */
export const responses: EndpointSpec = {
  endpoint: 'responses',
  path: '/v1/responses',
  format: 'openai',
  streams: true,
  prompt: responsesPrompt,
  maxTokens: (body) => num(body.max_output_tokens) ?? undefined,
  usage: (response) => {
    const usage = obj(response.usage);
    return { prompt: num(usage?.input_tokens), completion: num(usage?.output_tokens) };
  },
  scanUsage: usageScanner('input_tokens', 'output_tokens'),
  completion: responsesCompletionText,
  frames: responsesFrameHandler,
  streamError: responsesStreamErrorFrame,
};
