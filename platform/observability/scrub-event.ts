import type { ErrorEvent } from '@sentry/node';
import { PII_ENTITY_TYPES } from '../policies/policy-rules';
import { detectPii } from '../pii/detectors';

/**
 * Error reports leave our infrastructure, so they are scrubbed first: what
 * may hold prompts, bodies, cookies or credentials is dropped whole, and every
 * remaining string loses the e-mail addresses, keys, tokens and other
 * personal data our detectors find.
 */
const ALL_PII = new Set(PII_ENTITY_TYPES);

/** Our own credentials (sessions `ats_…`, API keys `atr_…`) and bearer headers, whatever detectors miss. */
const CREDENTIAL =
  /\b(?:ats|atr)_[A-Za-z0-9_-]{8,}|\bBearer\s+\S+|\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{4,}|\bwhsec_[A-Za-z0-9]{4,}/g;

/** Fields whose values are content or credentials, at any depth: replaced, never inspected. */
const DROPPED_KEYS = new Set([
  'prompt',
  'prompts',
  'completion',
  'messages',
  'message_content',
  'content',
  'input',
  'instructions',
  'body',
  'data',
  'cookies',
  'cookie',
  'authorization',
  'x-api-key',
  'password',
  'token',
  'secret',
  'apikey',
  'api_key',
  'query_string',
]);
const REMOVED = '[removed]';

export function scrubText(text: string): string {
  let scrubbed = text.replace(CREDENTIAL, '[SECRET]');
  const matches = detectPii(scrubbed, ALL_PII);
  for (const match of [...matches].reverse())
    scrubbed = `${scrubbed.slice(0, match.start)}[${match.type}]${scrubbed.slice(match.end)}`;
  return scrubbed;
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 12) return REMOVED;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  const scrubbed: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    scrubbed[key] = DROPPED_KEYS.has(key.toLowerCase()) ? REMOVED : scrubValue(inner, depth + 1);
  return scrubbed;
}

/** Sentry's beforeSend: the same event, scrubbed; the user is never sent. */
export function scrubEvent(event: ErrorEvent): ErrorEvent {
  const { user: _user, ...rest } = event;
  const scrubbed = scrubValue(rest, 0) as ErrorEvent;
  if (scrubbed.request)
    scrubbed.request = { ...scrubbed.request, headers: {}, url: scrubbed.request.url?.split('?')[0] };
  return scrubbed;
}
