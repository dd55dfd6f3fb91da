import pg from 'pg';
import type { Logger } from '../../platform/observability/logger';

/**
 * Change notifications for what the key cache holds, from the triggers of
 * migration 20261127000000 (channel `gateway_key_changes`, payload the
 * account ID).
 *
 * The feed also knows how far its knowledge goes. Every HEARTBEAT_MS it sends
 * itself a notification; Postgres delivers notifications in commit order, so
 * when that heartbeat comes back, every change committed before it was sent
 * has been delivered. `knownUpTo` is that send time: a cache entry read while
 * the feed was listening, and not invalidated since, is known to be current up
 * to `knownUpTo`. When the connection drops or stalls, `knownUpTo` stops
 * advancing and the cache falls back to re-reading by age on its own; a new
 * connection vouches only for entries read after it started listening.
 */
export const KEY_CHANGES_CHANNEL = 'gateway_key_changes';
const HEARTBEAT_MS = 200;
const HEARTBEAT_TIMEOUT_MS = 5_000;
const HEARTBEAT_PREFIX = 'heartbeat:';
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;

export interface KeyChangeFeed {
  /** Every change committed before this time (Date.now() clock) has been delivered; 0 before the first heartbeat. */
  readonly knownUpTo: number;
  /** Since when notifications arrive without a gap on the current connection; Infinity while not listening. */
  readonly listeningSince: number;
  onChange(listener: (accountId: string) => void): void;
  close(): Promise<void>;
}

export function startKeyChangeFeed(options: { connection: pg.ClientConfig; logger: Logger }): KeyChangeFeed {
  const { logger } = options;
  const listeners: Array<(accountId: string) => void> = [];
  let client: pg.Client | null = null;
  let knownUpTo = 0;
  let listeningSince = Infinity;
  let closed = false;
  let reconnectMs = RECONNECT_MIN_MS;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let heartbeatTimer: NodeJS.Timeout | null = null;
  let heartbeatSeq = 0;
  let pendingHeartbeat: { seq: number; sentAt: number } | null = null;
  let warned = false;

  function dropConnection(reason: string): void {
    listeningSince = Infinity;
    pendingHeartbeat = null;
    if (heartbeatTimer) clearInterval(heartbeatTimer);
    heartbeatTimer = null;
    const current = client;
    client = null;
    if (current) {
      current.removeAllListeners('notification');
      current.on('error', () => undefined);
      void current.end().catch(() => undefined);
    }
    if (closed) return;
    if (!warned)
      logger.warn({ reason }, 'key change feed disconnected; the key cache re-reads by age until it is back');
    warned = true;
    reconnectTimer = setTimeout(() => void connect(), reconnectMs);
    reconnectTimer.unref();
    reconnectMs = Math.min(RECONNECT_MAX_MS, reconnectMs * 2);
  }

  function heartbeat(current: pg.Client): void {
    if (client !== current) return;
    // One heartbeat in flight: a stalled connection stops vouching for the cache, and is replaced after a while.
    if (pendingHeartbeat) {
      if (Date.now() - pendingHeartbeat.sentAt > HEARTBEAT_TIMEOUT_MS) dropConnection('heartbeat timed out');
      return;
    }
    heartbeatSeq += 1;
    pendingHeartbeat = { seq: heartbeatSeq, sentAt: Date.now() };
    current
      .query('select pg_notify($1, $2)', [KEY_CHANGES_CHANNEL, `${HEARTBEAT_PREFIX}${heartbeatSeq}`])
      .catch((error: unknown) => {
        if (client === current) dropConnection((error as Error).message);
      });
  }

  async function connect(): Promise<void> {
    reconnectTimer = null;
    if (closed) return;
    const current = new pg.Client(options.connection);
    client = current;
    current.on('error', (error) => {
      if (client === current) dropConnection(error.message);
    });
    current.on('end', () => {
      if (client === current) dropConnection('connection ended');
    });
    current.on('notification', (message) => {
      const payload = message.payload ?? '';
      if (payload.startsWith(HEARTBEAT_PREFIX)) {
        if (pendingHeartbeat && payload === `${HEARTBEAT_PREFIX}${pendingHeartbeat.seq}`) {
          knownUpTo = pendingHeartbeat.sentAt;
          pendingHeartbeat = null;
          // Back only once a heartbeat returns: a connection whose notifications never arrive is not the feed.
          if (warned) logger.info('key change feed is back');
          warned = false;
          reconnectMs = RECONNECT_MIN_MS;
        }
        return;
      }
      for (const listener of listeners) listener(payload);
    });
    try {
      await current.connect();
      await current.query(`listen ${KEY_CHANGES_CHANNEL}`);
    } catch (error) {
      if (client === current) dropConnection((error as Error).message);
      return;
    }
    if (client !== current) return;
    listeningSince = Date.now();
    heartbeat(current);
    heartbeatTimer = setInterval(() => heartbeat(current), HEARTBEAT_MS);
    heartbeatTimer.unref();
  }

  void connect();

  return {
    get knownUpTo() {
      return knownUpTo;
    },
    get listeningSince() {
      return listeningSince;
    },
    onChange(listener) {
      listeners.push(listener);
    },
    async close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      if (heartbeatTimer) clearInterval(heartbeatTimer);
      const current = client;
      client = null;
      listeningSince = Infinity;
      if (current) await current.end().catch(() => undefined);
    },
  };
}
