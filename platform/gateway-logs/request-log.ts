import type { Knex } from 'knex';
import { z } from 'zod';
import type { Database } from '../database/database';
import type { RouteAttemptRecord } from '../database/tables';

/**
 * The request log as the dashboard reads it: one account's gateway metadata
 * rows, newest first, filtered, paged by a keyset cursor on (created_at, id)
 * so a page stays stable while the gateway appends rows. Every query is
 * scoped to one account; the filters map onto the indexes of
 * migrations/20261207000000_gateway_request_filters.ts.
 */
export interface RequestLogFilters {
  from?: string | undefined;
  to?: string | undefined;
  keyId?: string | undefined;
  model?: string | undefined;
  verdict?: 'ALLOW' | 'BLOCK' | undefined;
  ruleId?: string | undefined;
  status?: number | undefined;
}

export interface RequestLogEntry {
  id: string;
  createdAt: string;
  keyId: string | null;
  keyPrefix: string | null;
  provider: string;
  model: string;
  verdict: 'ALLOW' | 'BLOCK';
  matchedRuleIds: string[];
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  status: number;
  hasFullLog: boolean;
  /** What routing did when the model asked for was an alias; null otherwise. */
  route: RequestRoute | null;
}

export interface RequestRoute {
  alias: string;
  /** Upstream calls made (retries included; targets skipped for an open circuit are not calls). */
  attempts: number;
  /** Every target tried or skipped, in order. */
  tried: RouteAttemptRecord[];
  /** The entry of `tried` whose answer reached the caller; null when none did. */
  answered: RouteAttemptRecord | null;
}

export interface RequestLogPage {
  data: RequestLogEntry[];
  nextCursor: string | null;
}

/** Where the previous page ended: created_at to the microsecond (as text, which a JS Date would round) and id. */
const cursorSchema = z.tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/), z.uuid()]);
type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor a page handed out, or null when `text` is not one. */
export function decodeCursor(text: string): Cursor | null {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

interface EntryRow {
  id: string;
  created_at: Date;
  cursor_at: string;
  api_key_id: string | null;
  provider: string;
  model: string;
  verdict: 'ALLOW' | 'BLOCK';
  matched_rule_ids: string[];
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
  status: number;
  route_alias: string | null;
  route_attempts: RouteAttemptRecord[] | null;
  attempts: number | null;
  answered_attempt: number | null;
}

const CURSOR_AT = `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const ROW_COLUMNS = `id, created_at, ${CURSOR_AT} as cursor_at, account_id, api_key_id, provider, model, verdict,
  matched_rule_ids, prompt_tokens, completion_tokens, latency_ms, status, route_alias, route_attempts, attempts,
  answered_attempt`;
interface Decorations {
  prefixes: Map<string, string>;
  fullLogs: Set<string>;
}

/**
 * Key prefixes and which rows have a full log, for one page: two small
 * queries, the second bounded by the page's time span so the planner prunes
 * the full-log partitions it cannot touch.
 */
async function decorate(db: Database, accountId: string, rows: readonly EntryRow[]): Promise<Decorations> {
  const keyIds = [...new Set(rows.flatMap((r) => (r.api_key_id ? [r.api_key_id] : [])))];
  const oldest = rows[rows.length - 1];
  const newest = rows[0];
  const [keys, fullLogs] = await Promise.all([
    keyIds.length
      ? db('api_keys').where({ account_id: accountId }).whereIn('id', keyIds).select('id', 'prefix')
      : Promise.resolve([]),
    oldest && newest
      ? db('gateway_full_logs')
          .where({ account_id: accountId })
          .whereBetween('created_at', [oldest.created_at, newest.created_at])
          .whereIn(
            'request_id',
            rows.map((r) => r.id),
          )
          .select('request_id')
      : Promise.resolve([]),
  ]);
  return {
    prefixes: new Map(keys.map((k) => [k.id, k.prefix])),
    fullLogs: new Set(fullLogs.map((f) => f.request_id)),
  };
}

function toEntry(row: EntryRow, decorations: Decorations): RequestLogEntry {
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    keyId: row.api_key_id,
    keyPrefix: row.api_key_id ? (decorations.prefixes.get(row.api_key_id) ?? null) : null,
    provider: row.provider,
    model: row.model,
    verdict: row.verdict,
    matchedRuleIds: row.matched_rule_ids,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    latencyMs: row.latency_ms,
    status: row.status,
    hasFullLog: decorations.fullLogs.has(row.id),
    route: routeOf(row),
  };
}

function routeOf(row: EntryRow): RequestRoute | null {
  if (row.route_alias === null) return null;
  const tried = row.route_attempts ?? [];
  return {
    alias: row.route_alias,
    attempts: row.attempts ?? 0,
    tried,
    answered: row.answered_attempt === null ? null : (tried[row.answered_attempt] ?? null),
  };
}

function filterClauses(accountId: string, filters: RequestLogFilters): { sql: string[]; bindings: Knex.Value[] } {
  const sql: string[] = [];
  const bindings: Knex.Value[] = [];
  if (filters.from) {
    sql.push('created_at >= ?');
    bindings.push(filters.from);
  }
  if (filters.to) {
    sql.push('created_at < ?');
    bindings.push(filters.to);
  }
  if (filters.keyId) {
    sql.push('api_key_id = ?');
    bindings.push(filters.keyId);
  }
  if (filters.model) {
    sql.push('model = ?');
    bindings.push(filters.model);
  }
  if (filters.verdict) {
    sql.push('verdict = ?');
    bindings.push(filters.verdict);
  }
  if (filters.ruleId) {
    // The expression of the GIN index on "account:rule" keys (migrations/20261208090000_…); the second
    // clause, implied by the first, is that partial index's predicate, which the planner cannot infer.
    sql.push(
      `gateway_request_rule_keys(account_id, matched_rule_ids) @> array[?]::text[] and matched_rule_ids <> '{}'`,
    );
    bindings.push(`${accountId}:${filters.ruleId}`);
  }
  if (filters.status !== undefined) {
    sql.push('status = ?');
    bindings.push(filters.status);
  }
  return { sql, bindings };
}

/**
 * How far back each attempt looks from the page's upper bound (now, the
 * cursor or `to`). The log is partitioned by day and newest-first pages of a
 * busy account are all in the last day, so a page is first looked for in a
 * narrow window, which the planner prunes to a few partitions, and only a
 * page the window cannot fill looks further back; the last attempt is
 * unbounded (down to `from`).
 */
const WINDOWS_MS = [86_400_000, 7 * 86_400_000, 31 * 86_400_000, null] as const;

/** One page of an account's request log, newest first; `cursor` is the previous page's nextCursor. */
export async function listRequestLog(
  db: Database,
  accountId: string,
  filters: RequestLogFilters,
  page: { limit: number; cursor: Cursor | null; now?: Date },
): Promise<RequestLogPage> {
  const { sql, bindings } = filterClauses(accountId, filters);
  const where = ['account_id = ?', ...sql];
  const values: Knex.Value[] = [accountId, ...bindings];
  if (page.cursor) {
    // The first clause bounds the index scan; the row comparison breaks ties on id.
    where.push('created_at <= ?', '(created_at, id) < (?, ?)');
    values.push(page.cursor[0], page.cursor[0], page.cursor[1]);
  }
  const upper = Math.min(
    page.cursor ? Date.parse(page.cursor[0]) : Infinity,
    filters.to ? Date.parse(filters.to) : Infinity,
    (page.now ?? new Date()).getTime() + 3_600_000, // rows stamped a little ahead (clock skew) still show
  );
  const lower = filters.from ? Date.parse(filters.from) : -Infinity;
  let rows: EntryRow[] = [];
  for (const window of WINDOWS_MS) {
    const since = window === null ? null : upper - window;
    const bounded = since !== null && since > lower;
    const { rows: found } = await db.raw<{ rows: EntryRow[] }>(
      `select ${ROW_COLUMNS} from gateway_requests
        where ${[...where, ...(bounded ? ['created_at >= ?'] : [])].join(' and ')}
        order by created_at desc, id desc
        limit ?`,
      [...values, ...(bounded ? [new Date(since).toISOString()] : []), page.limit + 1],
    );
    rows = found;
    if (rows.length > page.limit || !bounded) break;
  }
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  const last = shown[shown.length - 1];
  const decorations = await decorate(db, accountId, shown);
  return {
    data: shown.map((row) => toEntry(row, decorations)),
    nextCursor: more && last ? encodeCursor([last.cursor_at, last.id]) : null,
  };
}

/** One request of the account's log; null when it is not there (or belongs to another account). */
export async function findRequestLogEntry(
  db: Database,
  accountId: string,
  requestId: string,
): Promise<RequestLogEntry | null> {
  const { rows } = await db.raw<{ rows: EntryRow[] }>(
    `select ${ROW_COLUMNS} from gateway_requests where id = ? and account_id = ? limit 1`,
    [requestId, accountId],
  );
  const row = rows[0];
  return row ? toEntry(row, await decorate(db, accountId, rows)) : null;
}
