import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { RequestLogRow } from './log-rows';

/**
 * Two ways a batch of request rows reaches Postgres.
 *
 * A first attempt is a COPY: request IDs are fresh UUIDs, so a new batch
 * cannot meet rows already written. COPY writes a batch with Postgres's
 * multi-row insert (fewer WAL records, no planning), about 15 % less Postgres
 * CPU than the insert below, and its text is a tenth of the gateway's CPU to
 * build; on a machine shared with the gateway, both are CPU the proxy gets back.
 *
 * A batch replayed from the spool may meet its own rows (its first attempt may
 * have committed just as it timed out), so a replay is an insert with
 * `on conflict do nothing`: one prepared statement with 16 parameters
 * whatever the batch size, each column one Postgres array literal that
 * `unnest` turns back into rows.
 */
const COLUMNS = `id, created_at, account_id, api_key_id, endpoint, provider, model, verdict, matched_rule_ids,
  prompt_tokens, completion_tokens, tokens_estimated, latency_ms, status, streamed, client_disconnected`;
const COPY_REQUESTS = `copy gateway_requests (${COLUMNS}) from stdin`;

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIAL_ALL = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A text field of COPY's text format: backslash, newline, carriage return and tab escaped. */
function copyField(text: string): string {
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c] ?? c) : text;
}

/** The rows in COPY's text format: one line each, tab-separated, in COPY_REQUESTS's column order. */
export function requestRowsCopyText(rows: readonly RequestLogRow[]): string {
  let out = '';
  for (const r of rows) {
    out +=
      `${r.id}\t${r.created_at}\t${r.account_id}\t${r.api_key_id ?? '\\N'}\t${copyField(r.endpoint)}\t${copyField(r.provider)}\t` +
      `${copyField(r.model)}\t${r.verdict}\t${copyField(arrayLiteral(r.matched_rule_ids))}\t${r.prompt_tokens}\t${r.completion_tokens}\t` +
      `${r.tokens_estimated}\t${r.latency_ms}\t${r.status}\t${r.streamed}\t${r.client_disconnected}\n`;
  }
  return out;
}

/** A first attempt: the batch as one COPY on `connection`. */
export async function copyRequestRows(connection: pg.Client, rows: readonly RequestLogRow[]): Promise<void> {
  const copy = connection.query(copyFrom(COPY_REQUESTS));
  copy.end(requestRowsCopyText(rows));
  await finished(copy);
}

const INSERT_REQUESTS = `
  insert into gateway_requests (${COLUMNS})
  select id, created_at, account_id, api_key_id, endpoint, provider, model, verdict,
    case when rules = '' then '{}'::text[] else string_to_array(rules, ',') end,
    prompt_tokens, completion_tokens, tokens_estimated, latency_ms, status, streamed, client_disconnected
  from unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
    $10::int[], $11::int[], $12::bool[], $13::int[], $14::int[], $15::bool[], $16::bool[])
    as t(id, created_at, account_id, api_key_id, endpoint, provider, model, verdict, rules,
      prompt_tokens, completion_tokens, tokens_estimated, latency_ms, status, streamed, client_disconnected)`;
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

/** The replay insert of request rows as a pg query (a named, prepared statement) that skips rows already present. */
export function requestRowsReplayQuery(rows: readonly RequestLogRow[]): pg.QueryConfig {
  const column = <T extends string | number | boolean | null>(pick: (r: RequestLogRow) => T) => arrayLiteral(rows.map(pick));
  return {
    ...REPLAY,
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
