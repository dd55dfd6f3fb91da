/**
 * The benchmark's policy and request bodies, shared by `bench:gateway` (through the proxies) and
 * `bench:gateway-stages` (the request path's stages in process).
 */
import { policyRulesSchema } from '../platform/policies/policy-rules';

export const BENCH_RULES = policyRulesSchema.parse([
  { id: 'models-allowed', type: 'model', mode: 'allow', models: ['fake-*', 'gpt-4o*', 'claude-*'] },
  { id: 'models-denied', type: 'model', mode: 'deny', models: ['fake-forbidden*'] },
  {
    id: 'confidential-projects',
    type: 'keyword',
    keywords: ['project nightingale', 'operation bluebird', 'codename aurora'],
    action: 'block',
  },
  { id: 'sql-injection', type: 'regex', pattern: '\\bDROP\\s+TABLE\\b', caseInsensitive: true, action: 'block' },
  {
    id: 'pii-redact',
    type: 'pii',
    entities: ['EMAIL', 'PHONE', 'CARD', 'IBAN', 'SSN', 'IP', 'SECRET'],
    action: 'redact',
  },
  { id: 'ticket-ids', type: 'regex', pattern: 'TICKET-\\d{6}', action: 'redact' },
  { id: 'prompt-size', type: 'prompt_size', maxChars: 100_000 },
  { id: 'max-tokens', type: 'max_tokens', max: 4096 },
  { id: 'no-secrets-out', type: 'pii', entities: ['SECRET'], target: 'completion', action: 'block' },
  { id: 'profanity-out', type: 'keyword', keywords: ['darn', 'heck'], target: 'completion', action: 'redact' },
]);

export function chatBody(stream: boolean, model = 'fake-chat'): Buffer {
  const paragraph =
    'Summarise the following meeting notes for the quarterly planning review. The team discussed the roadmap, ' +
    'the hiring plan, the migration of the billing service and the new onboarding flow. ';
  let user = '';
  while (user.length < 1_750) user += paragraph;
  return Buffer.from(
    JSON.stringify({
      model,
      stream,
      max_tokens: 512,
      messages: [
        { role: 'system', content: 'You are a concise assistant for an engineering team.' },
        { role: 'user', content: user },
      ],
    }),
  );
}

/** A 2 KB conversation of an agent: two tool calls with JSON arguments, their results, two tool definitions. */
export function toolCallingBody(stream: boolean, model = 'fake-tools'): Buffer {
  const order = { orderId: 'A-20931', items: [{ sku: 'KB-104', qty: 2 }], notes: 'Deliver to the back entrance' };
  const schema = (property: string, description: string) => ({
    type: 'object',
    properties: { [property]: { type: 'string', description } },
    required: [property],
  });
  return Buffer.from(
    JSON.stringify({
      model,
      stream,
      max_tokens: 512,
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup_order',
            description: 'Looks an order up by its identifier and returns its items, status and delivery notes.',
            parameters: schema('orderId', 'The order identifier, as printed on the invoice'),
          },
        },
        {
          type: 'function',
          function: {
            name: 'schedule_delivery',
            description: 'Schedules a delivery window for an order that is ready to ship.',
            parameters: schema('window', 'The delivery window, such as "tomorrow morning"'),
          },
        },
      ],
      messages: [
        { role: 'system', content: 'You are the order desk assistant. Use the tools; answer briefly.' },
        { role: 'user', content: 'Where is order A-20931, and can it come tomorrow morning instead of Friday?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'lookup_order', arguments: JSON.stringify({ orderId: 'A-20931' }) },
            },
            {
              id: 'call_2',
              type: 'function',
              function: { name: 'schedule_delivery', arguments: JSON.stringify({ window: 'tomorrow morning' }) },
            },
          ],
        },
        {
          role: 'tool',
          tool_call_id: 'call_1',
          content: JSON.stringify({ ...order, status: 'packed', history: Array(6).fill('scanned at the depot') }),
        },
        {
          role: 'tool',
          tool_call_id: 'call_2',
          content: JSON.stringify({ scheduled: true, window: 'tomorrow 08:00-12:00', carrier: 'regional courier' }),
        },
        {
          role: 'user',
          content:
            'Thanks. Please write a short note for the customer that summarises the order, its status and the new ' +
            'delivery window, and mention that the courier will call ahead. Keep it friendly and under five lines.',
        },
      ],
    }),
  );
}

/** The chat request's text as a Responses API request: instructions and one input message. */
export function responsesBody(stream: boolean, model = 'fake-chat'): Buffer {
  const chat = JSON.parse(chatBody(false).toString('utf8')) as { messages: Array<{ content: string }> };
  return Buffer.from(
    JSON.stringify({
      model,
      stream,
      max_output_tokens: 512,
      instructions: chat.messages[0]?.content,
      input: [{ role: 'user', content: [{ type: 'input_text', text: chat.messages[1]?.content }] }],
    }),
  );
}
