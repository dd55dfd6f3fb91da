import type { Endpoint, WireFormat } from '../providers/provider';
import { anthropicPrompt, embeddingsPrompt, openaiChatPrompt, type JsonObject, type PromptView } from './prompt-text';

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
  /** Where the text parts of a non-streamed completion live: each part is `holder[key]`, a string (none for embeddings). */
  completionParts(response: JsonObject): CompletionPart[];
}

/** Plain data, not a getter/setter pair: no closures per request on the hot path. */
export interface CompletionPart {
  holder: JsonObject;
  key: string;
}

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
  completionParts: (response) => {
    const choices = Array.isArray(response.choices) ? (response.choices as unknown[]) : [];
    return choices
      .map((c) => obj(obj(c)?.message))
      .filter((m): m is JsonObject => typeof m?.content === 'string')
      .map((m) => ({ holder: m, key: 'content' }));
  },
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
  completionParts: () => [],
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
  completionParts: (response) => {
    const content = Array.isArray(response.content) ? (response.content as unknown[]) : [];
    return content
      .map(obj)
      .filter((b): b is JsonObject => b?.type === 'text' && typeof b.text === 'string')
      .map((b) => ({ holder: b, key: 'text' }));
  },
};
