import type { EndpointSpec } from '../proxy/endpoints';
import type { Endpoint, Provider } from '../providers/provider';
import type { ProviderRegistry } from '../providers/registry';
import { isAliasRoute } from '../routing/alias-route';
import { chatToMessagesRequest, messagesToChatRequest } from './requests';
import { anthropicErrorBody, chatCompletionToMessage, messageToChatCompletion, openaiErrorBody } from './responses';
import { AnthropicToResponsesStream, messageToResponse, responsesToMessagesRequest } from './responses-api';
import { parseObject, type JsonObject } from './shared';
import { AnthropicToOpenAIStream, OpenAIToAnthropicStream, translateSse } from './streams';

/**
 * A request whose caller speaks one wire format and whose provider speaks the
 * other: the request goes out in the provider's format, everything that comes
 * back is turned into the caller's format before the gateway's usual handling
 * (output rules, restore, usage) sees it.
 */
export interface Translation {
  /** The provider's endpoint the request goes to. */
  readonly upstreamEndpoint: Endpoint;
  /** The caller's request (policy and redaction already applied) as the provider's request bytes. */
  request(body: JsonObject): Buffer;
  /**
   * A non-streamed answer in the caller's format (bytes that are not a JSON object pass as they are); `request`
   * is the caller's request as forwarded, for formats whose answer repeats its settings.
   */
  response(body: Buffer, request: JsonObject): Buffer;
  /** An upstream error body in the caller's format (the status stays). */
  error(body: Buffer, status: number): Buffer;
  /** The upstream's SSE body as the caller's SSE frames. */
  stream(upstream: AsyncIterable<Buffer>, request: JsonObject): AsyncIterable<Buffer>;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An OpenAI chat-completions caller, an Anthropic Messages provider. */
export const chatToAnthropic: Translation = {
  upstreamEndpoint: 'messages',
  request: (body) => Buffer.from(JSON.stringify(chatToMessagesRequest(body))),
  response(body) {
    const message = parseObject(body.toString('utf8'));
    return message ? Buffer.from(JSON.stringify(messageToChatCompletion(message, nowSeconds()))) : body;
  },
  error: (body, status) => Buffer.from(JSON.stringify(openaiErrorBody(parseObject(body.toString('utf8')), status))),
  stream: (upstream) => translateSse(upstream, new AnthropicToOpenAIStream(nowSeconds())),
};

/** An Anthropic Messages caller, an OpenAI chat-completions provider. */
export const messagesToOpenAI: Translation = {
  upstreamEndpoint: 'chat',
  request: (body) => Buffer.from(JSON.stringify(messagesToChatRequest(body))),
  response(body) {
    const completion = parseObject(body.toString('utf8'));
    return completion ? Buffer.from(JSON.stringify(chatCompletionToMessage(completion))) : body;
  },
  error: (body, status) => Buffer.from(JSON.stringify(anthropicErrorBody(parseObject(body.toString('utf8')), status))),
  stream: (upstream) => translateSse(upstream, new OpenAIToAnthropicStream()),
};

/** An OpenAI Responses API caller, an Anthropic Messages provider. */
export const responsesToAnthropic: Translation = {
  upstreamEndpoint: 'messages',
  request: (body) => Buffer.from(JSON.stringify(responsesToMessagesRequest(body))),
  response(body, request) {
    const message = parseObject(body.toString('utf8'));
    return message ? Buffer.from(JSON.stringify(messageToResponse(message, nowSeconds(), request))) : body;
  },
  error: (body, status) => Buffer.from(JSON.stringify(openaiErrorBody(parseObject(body.toString('utf8')), status))),
  stream: (upstream, request) => translateSse(upstream, new AnthropicToResponsesStream(nowSeconds(), request)),
};

const TRANSLATIONS: Partial<Record<Endpoint, Translation>> = {
  chat: chatToAnthropic,
  messages: messagesToOpenAI,
  responses: responsesToAnthropic,
};

/** The translation a request on `endpoint` needs to reach `provider`: null when the provider speaks it. */
export function translationFor(provider: Provider, endpoint: Endpoint): Translation | null {
  return provider.pathFor(endpoint) ? null : (TRANSLATIONS[endpoint] ?? null);
}

/**
 * For a model no provider serves in the caller's wire format: the provider
 * that serves it in the other format (chat completions ↔ messages, Responses → messages), with the
 * translation between them. Null when there is none either.
 */
export async function resolveTranslated(
  registry: ProviderRegistry,
  spec: EndpointSpec,
  model: string,
  accountId: string,
): Promise<{ provider: Provider; translation: Translation } | null> {
  const translation = TRANSLATIONS[spec.endpoint];
  if (!translation) return null;
  const provider = await registry.resolve(translation.upstreamEndpoint, model, accountId);
  // An alias is found whatever the endpoint, so it never gets here; its targets are translated one by one.
  return provider && !isAliasRoute(provider) ? { provider, translation } : null;
}
