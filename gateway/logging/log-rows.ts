import type { SealedFullLogRow } from '../../platform/full-logs/full-log-envelope';

/**
 * What the gateway records per request. Metadata only: never prompt or
 * completion text (that goes, encrypted, into FullLogRow when the account has
 * opted in).
 */
export interface RequestLogRow {
  id: string;
  created_at: string;
  account_id: string;
  api_key_id: string | null;
  endpoint: string;
  provider: string;
  model: string;
  verdict: 'ALLOW' | 'BLOCK';
  matched_rule_ids: string[];
  prompt_tokens: number;
  completion_tokens: number;
  tokens_estimated: boolean;
  latency_ms: number;
  status: number;
  streamed: boolean;
  client_disconnected: boolean;
  /** Routing (gateway/routing/route-columns.ts); absent or null when the model was not an alias. */
  route_alias?: string | null;
  /** The attempts as JSON text (a jsonb column). */
  route_attempts?: string | null;
  attempts?: number | null;
  answered_attempt?: number | null;
  /** What the request cost in US micro-dollars; null (or absent) when its model had no price. */
  cost_microusd?: number | null;
}

/** AES-256-GCM under the account's data key; the spool and the database only ever see ciphertext. */
/** A full log row as the envelope seals it (platform/full-logs). */
export type FullLogRow = SealedFullLogRow;

export type LogRecord = { kind: 'request'; row: RequestLogRow } | { kind: 'full'; row: FullLogRow };
