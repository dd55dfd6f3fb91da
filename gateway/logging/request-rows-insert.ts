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
 * CPU than the insert below, and its text is about a third of the gateway's CPU
 * to build; on a machine shared with the gateway, both are CPU the proxy gets back.
 *
 * A batch replayed from the spool may meet its own rows (its first attempt may
 * have committed just as it timed out), so a replay is an insert with
 * `on conflict do nothing`: one prepared statement with one parameter per column
 * whatever the batch size, each column one Postgres array literal that
 * `unnest` turns back into rows.
 */
/**
 * The columns, in the one order that the COPY text, the insert's SQL and its
 * parameters all follow, with each column's Postgres type (for the insert's
 * array parameters).
 */
const COLUMNS: ReadonlyArray<readonly [keyof RequestLogRow, string]> = [
  ['id', 'uuid'],
  ['created_at', 'timestamptz'],
  ['account_id', 'uuid'],
  ['api_key_id', 'uuid'],
  ['endpoint', 'text'],
  ['provider', 'text'],
  ['model', 'text'],
  ['verdict', 'text'],
  // Travels joined by commas (rule IDs are [A-Za-z0-9_.-]): an array of arrays would have to be rectangular.
  ['matched_rule_ids', 'text'],
  ['prompt_tokens', 'int'],
  ['completion_tokens', 'int'],
  ['tokens_estimated', 'bool'],
  ['latency_ms', 'int'],
  ['status', 'int'],
  ['streamed', 'bool'],
  ['client_disconnected', 'bool'],
  ['route_alias', 'text'],
  ['route_attempts', 'jsonb'],
  ['attempts', 'smallint'],
  ['answered_attempt', 'smallint'],
  ['cost_microusd', 'bigint'],
];
const COLUMN_NAMES = COLUMNS.map(([name]) => name);
const COLUMN_LIST = COLUMN_NAMES.join(', ');
const COPY_REQUESTS = `copy gateway_requests (${COLUMN_LIST}) from stdin`;

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIAL_ALL = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A field of COPY's text format: \N for null; backslash, newline, carriage return and tab escaped. */
function copyValue(value: RequestLogRow[keyof RequestLogRow]): string {
  if (value === null || value === undefined) return '\\N'; // routing and cost columns are absent from rows spooled before them
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : arrayLiteral(value);
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c] ?? c) : text;
}

/** The rows in COPY's text format: one line each, tab-separated, in COLUMNS order. */
export function requestRowsCopyText(rows: readonly RequestLogRow[]): string {
  let out = '';
  for (const row of rows) {
    let separator = '';
    for (const name of COLUMN_NAMES) {
      out += separator + copyValue(row[name]);
      separator = '\t';
    }
    out += '\n';
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
  insert into gateway_requests (${COLUMN_LIST})
  select ${COLUMNS.map(([name]) => (name === 'matched_rule_ids' ? `case when ${name} = '' then '{}'::text[] else string_to_array(${name}, ',') end` : name)).join(', ')}
  from unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) as t(${COLUMN_LIST})`;
const REPLAY = {
  name: 'autrace_replay_gateway_requests',
  text: `${INSERT_REQUESTS}\n  on conflict (created_at, id) do nothing`,
};

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
  return {
    ...REPLAY,
    values: COLUMN_NAMES.map((name) =>
      arrayLiteral(
        rows.map((row) => {
          const value = row[name] ?? null;
          return Array.isArray(value) ? value.join(',') : value;
        }),
      ),
    ),
  };
}
