import type pg from 'pg';
import { withConnection, withTimeout, type Database } from '../../platform/database/database';
import type { Logger } from '../../platform/observability/logger';
import { recordKeyActivity } from '../../platform/accounts/api-keys';
import { foldUsage } from '../../platform/usage/usage-fold';
import type { FullLogRow, LogRecord, RequestLogRow } from './log-rows';
import { copyRequestRows, requestRowsReplayQuery } from './request-rows-insert';
import type { Spool } from './spool';

/**
 * Writes log rows in batches, off the request path. `write` only pushes to an
 * in-memory queue; a timer drains it. When an insert fails (Postgres slow or
 * down) the batch goes to the on-disk spool and every later batch follows it
 * there until the spool has been replayed, so rows reach the database in
 * order. Inserts ignore rows already present (primary key), so a batch that
 * committed just as its insert timed out is not duplicated on replay.
 *
 * Every `foldIntervalMs` after rows went in, a tick also folds the request
 * rows committed since the last fold into the usage rollup
 * (platform/usage/usage-fold.ts), so the rows not folded yet, which a usage
 * read adds up itself, stay about that many.
 *
 * The same ticks keep `api_keys.last_used_at`: the rows of each batch note
 * their key's latest request time in memory, and a key's time is written at
 * most once per `keyActivityIntervalMs` (a minute) by this writer, in one
 * UPDATE for every key that is due. The UPDATE itself moves a key's time only
 * forward and by at least a minute, so several gateways together still write
 * a key at most about once a minute.
 */
export interface LogWriter {
  write(record: LogRecord): void;
  /** Rows waiting in memory and on disk. */
  readonly queued: number;
  readonly spoolDepth: number;
  /** Key rows whose last use this writer has changed so far (one per key per write). */
  readonly keyActivityWrites: number;
  /** Drains what can be drained now (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface LogWriterOptions {
  db: Database;
  spool: Spool;
  logger: Logger;
  flushIntervalMs?: number;
  batchSize?: number;
  /** Bound of the in-memory queue; beyond it rows are dropped (and counted) rather than exhausting memory. */
  maxQueue?: number;
  insertTimeoutMs?: number;
  onDropped?: (rows: number) => void;
  foldIntervalMs?: number;
  /** How often one key's last use is written at most (default a minute). */
  keyActivityIntervalMs?: number;
  /** The clock of the key-activity throttle (tests). */
  now?: () => number;
}

const MAX_BACKOFF_MS = 5_000;

/** Postgres refused what a row holds (SQLSTATE class 22 data exception, class 23 integrity violation), not an outage. */
function refusesRow(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

export function createLogWriter(options: LogWriterOptions): LogWriter {
  const { db, spool, logger } = options;
  const batchSize = options.batchSize ?? 500;
  const maxQueue = options.maxQueue ?? 20_000;
  const insertTimeoutMs = options.insertTimeoutMs ?? 5_000;
  let queue: LogRecord[] = [];
  let draining: Promise<void> | null = null;
  let backoffMs = 0;
  let retryAt = 0;
  let outage = false;
  const foldIntervalMs = options.foldIntervalMs ?? 5_000;
  let unfolded = false;
  let foldAt = 0;
  const now = options.now ?? Date.now;
  const keyActivityIntervalMs = options.keyActivityIntervalMs ?? 60_000;
  /** Per key, the latest request time not yet written. */
  const keyUse = new Map<string, number>();
  /** Per key, when this writer last wrote its time (entries older than the interval are dropped). */
  const keyWrittenAt = new Map<string, number>();
  let keyActivityWrites = 0;

  function noteKeyUse(batch: readonly LogRecord[]): void {
    for (const record of batch) {
      if (record.kind !== 'request' || !record.row.api_key_id) continue;
      const at = Date.parse(record.row.created_at);
      const known = keyUse.get(record.row.api_key_id);
      if (known === undefined || at > known) keyUse.set(record.row.api_key_id, at);
    }
  }

  /** One batch, on one of the pool's connections; request and full-log rows of a batch commit together. */
  async function insert(records: readonly LogRecord[], replay: boolean): Promise<void> {
    const requests: RequestLogRow[] = [];
    const full: FullLogRow[] = [];
    for (const r of records) {
      if (r.kind === 'request') requests.push(r.row);
      else full.push(r.row);
    }
    // A raw connection: request rows go in by COPY or a named prepared statement, neither of which knex can express.
    await withTimeout(
      withConnection(db, (connection) => writeBatch(connection, requests, full, replay)),
      insertTimeoutMs,
      'insert',
    );
  }

  /**
   * A batch that Postgres refuses for what a row holds (a data or integrity error, not an outage) would
   * fail the same way on every retry and hold up the spool behind it. Its rows are then written one by
   * one: those Postgres accepts are kept (a replay's insert skips any already stored), those it refuses
   * are dropped and counted. An outage during this throws, and the whole batch is retried later.
   */
  async function insertOrSalvage(records: readonly LogRecord[], replay: boolean): Promise<void> {
    try {
      await insert(records, replay);
    } catch (error) {
      if (!refusesRow(error)) throw error;
      let dropped = 0;
      for (const record of records) {
        try {
          await insert([record], true);
        } catch (rowError) {
          if (!refusesRow(rowError)) throw rowError;
          dropped++;
        }
      }
      if (dropped === 0) return;
      options.onDropped?.(dropped);
      logger.error(
        { rows: dropped, code: (error as { code?: string }).code },
        'log rows refused by Postgres as invalid were dropped',
      );
    }
  }

  async function writeRequests(connection: pg.Client, requests: RequestLogRow[], replay: boolean): Promise<void> {
    if (replay) await connection.query(requestRowsReplayQuery(requests));
    else await copyRequestRows(connection, requests);
  }

  async function writeBatch(
    connection: pg.Client,
    requests: RequestLogRow[],
    full: FullLogRow[],
    replay: boolean,
  ): Promise<void> {
    if (!full.length) {
      await writeRequests(connection, requests, replay);
      return;
    }
    const fullLogs = db('gateway_full_logs')
      .insert(full)
      .onConflict(['created_at', 'request_id'])
      .ignore()
      .toSQL()
      .toNative();
    await connection.query('begin');
    try {
      if (requests.length) await writeRequests(connection, requests, replay);
      await connection.query(fullLogs.sql, fullLogs.bindings as unknown[]);
      await connection.query('commit');
    } catch (error) {
      await connection.query('rollback').catch(() => undefined);
      throw error;
    }
  }

  function failed(error: unknown): void {
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs ? backoffMs * 2 : 250);
    retryAt = Date.now() + backoffMs;
    if (!outage)
      logger.warn({ err: { message: (error as Error).message } }, 'log database unavailable; spooling rows to disk');
    outage = true;
  }

  async function toSpool(batch: LogRecord[]): Promise<void> {
    try {
      if (!(await spool.append(batch))) {
        options.onDropped?.(batch.length);
        logger.error({ rows: batch.length }, 'log spool is full; rows dropped');
      }
    } catch (error) {
      options.onDropped?.(batch.length);
      logger.error(
        { err: { message: (error as Error).message }, rows: batch.length },
        'log spool write failed; rows dropped',
      );
    }
  }

  /**
   * `all` drains until the queue is empty (flush, shutdown). A timer tick writes what was queued when it
   * started, plus further full batches: rows that arrive during the insert wait for the next tick, so a
   * steady stream of requests costs one round trip per tick, not a second one for the few rows that came
   * in meanwhile.
   */
  async function drainOnce(all: boolean): Promise<void> {
    const canTryDatabase = Date.now() >= retryAt;
    // Replay the spool first: rows reach the database in the order they were written.
    while (canTryDatabase && spool.depth > 0) {
      try {
        await spool.replayOldest((records) => insertOrSalvage(records, true));
        unfolded = true;
      } catch (error) {
        failed(error);
        break;
      }
    }
    let due = queue.length;
    while (queue.length && (all || due > 0 || queue.length >= batchSize)) {
      due -= batchSize;
      const batch = queue.length <= batchSize ? queue : queue.slice(0, batchSize);
      queue = queue.length <= batchSize ? [] : queue.slice(batchSize);
      noteKeyUse(batch);
      if (spool.depth > 0 || Date.now() < retryAt) {
        await toSpool(batch);
        continue;
      }
      try {
        await insertOrSalvage(batch, false);
        unfolded = true;
        if (outage) logger.info('log database reachable again');
        outage = false;
        backoffMs = 0;
      } catch (error) {
        failed(error);
        await toSpool(batch);
      }
    }
  }

  /** Rows left unfolded by a failure wait for the next fold; usage reads count them meanwhile. */
  async function foldIfDue(): Promise<void> {
    if (!unfolded || Date.now() < foldAt) return;
    foldAt = Date.now() + foldIntervalMs;
    try {
      const fold = await withTimeout(foldUsage(db), insertTimeoutMs, 'usage fold');
      unfolded = !fold.complete;
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'usage rollup fold failed; retrying later');
    }
  }

  /** Writes the last use of every key not written within the interval; the others wait for a later tick. */
  async function writeKeyActivityIfDue(): Promise<void> {
    if (keyUse.size === 0) return;
    const at = now();
    for (const [keyId, writtenAt] of keyWrittenAt)
      if (at - writtenAt >= keyActivityIntervalMs) keyWrittenAt.delete(keyId);
    const due: Array<{ keyId: string; usedAt: Date }> = [];
    for (const [keyId, usedAt] of keyUse) if (!keyWrittenAt.has(keyId)) due.push({ keyId, usedAt: new Date(usedAt) });
    if (due.length === 0) return;
    let written: number;
    try {
      written = await withTimeout(recordKeyActivity(db, due), insertTimeoutMs, 'key activity');
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'API key activity not written; retrying later');
      return;
    }
    for (const { keyId } of due) {
      keyUse.delete(keyId);
      keyWrittenAt.set(keyId, at);
    }
    keyActivityWrites += written;
  }

  function drain(all: boolean): Promise<void> {
    draining ??= drainOnce(all)
      .then(foldIfDue)
      .then(writeKeyActivityIfDue)
      .finally(() => {
        draining = null;
      });
    return draining;
  }

  const timer = setInterval(() => {
    if (queue.length || spool.depth || unfolded || keyUse.size) void drain(false);
  }, options.flushIntervalMs ?? 100);
  timer.unref();

  return {
    write(record) {
      if (queue.length >= maxQueue) {
        options.onDropped?.(1);
        return;
      }
      queue.push(record);
    },
    get queued() {
      return queue.length + spool.depth;
    },
    get spoolDepth() {
      return spool.depth;
    },
    get keyActivityWrites() {
      return keyActivityWrites;
    },
    async flush() {
      // A tick's drain may be running: wait for it, then drain the rest.
      await drain(true);
      if (queue.length) await drain(true);
    },
    async close() {
      clearInterval(timer);
      if (draining) await draining;
      retryAt = 0;
      await drain(true);
    },
  };
}
