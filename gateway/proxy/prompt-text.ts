/**
 * Where the prompt text lives in each wire format. A view lists the text
 * segments (for the policy engine) and can write redacted segments back into
 * the same places of the parsed body.
 */
export type JsonObject = Record<string, unknown>;

export interface PromptView {
  segments: string[];
  write(segments: readonly string[]): void;
}

type Slot = [container: JsonObject | unknown[], key: string | number];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collectContent(holder: JsonObject, key: string, slots: Slot[]): void {
  const content = holder[key];
  if (typeof content === 'string') {
    slots.push([holder, key]);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const part of content as unknown[]) {
    if (!isObject(part)) continue;
    if (typeof part.text === 'string') slots.push([part, 'text']);
    // Anthropic tool results nest their own content blocks.
    if (part.type === 'tool_result') collectContent(part, 'content', slots);
  }
}

function view(slots: Slot[]): PromptView {
  return {
    segments: slots.map(([c, k]) => (c as Record<string | number, unknown>)[k] as string),
    write(segments) {
      slots.forEach(([c, k], i) => {
        (c as Record<string | number, unknown>)[k] = segments[i];
      });
    },
  };
}

/** OpenAI chat: every message's string content or text parts (system, user, assistant, tool). */
export function openaiChatPrompt(body: JsonObject): PromptView {
  const slots: Slot[] = [];
  if (Array.isArray(body.messages))
    for (const m of body.messages as unknown[]) if (isObject(m)) collectContent(m, 'content', slots);
  return view(slots);
}

/** Anthropic messages: the system prompt and every message's text blocks. */
export function anthropicPrompt(body: JsonObject): PromptView {
  const slots: Slot[] = [];
  collectContent(body, 'system', slots);
  if (Array.isArray(body.messages))
    for (const m of body.messages as unknown[]) if (isObject(m)) collectContent(m, 'content', slots);
  return view(slots);
}

/** Embeddings: a string or an array of strings (token arrays carry no text to inspect). */
export function embeddingsPrompt(body: JsonObject): PromptView {
  const slots: Slot[] = [];
  if (typeof body.input === 'string') slots.push([body, 'input']);
  else if (Array.isArray(body.input))
    (body.input as unknown[]).forEach((v, i) => typeof v === 'string' && slots.push([body.input as unknown[], i]));
  return view(slots);
}
