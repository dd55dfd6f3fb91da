import { apiKeySecretMatches, parseApiKey } from '../../platform/crypto/api-keys';
import { unwrapDataKey } from '../../platform/crypto/envelope';
import { withTimeout, type Database } from '../../platform/database/database';
import type { Logger } from '../../platform/observability/logger';
import type { Region } from '../../platform/config/config';
import { regionOfKeyPrefix } from '../../platform/regions/directory';
import {
  planAllowsFullLogging,
  rateLimitsFor,
  type EffectiveRateLimits,
  type Plan,
  type RateLimitOverrides,
} from '../../platform/billing/plans';
import { policyRulesSchema } from '../../platform/policies/policy-rules';
import { compilePolicy, EMPTY_POLICY, mergePolicies, type CompiledPolicy } from '../../platform/policies/evaluate';
import { GatewayError } from '../http/wire-errors';
import type { KeyChangeFeed } from './key-changes';

/**
 * API-key authentication with a small cache, so the database is not hit per
 * request. How long an entry may be served depends on what vouches for it:
 *
 * - With the key change feed listening (key-changes.ts), an entry read since
 *   the feed connected is current up to the feed's last heartbeat, unless a
 *   change to its account was notified. A notified entry is re-read before its
 *   next use, so a revocation, a policy or a setting takes effect at once; an
 *   unchanged key is not re-read at all (only every SAFETY_REREAD_MS).
 * - Without the feed (or while it is down), an entry is served for FRESH_MS,
 *   refreshed in the background until MAX_AGE_MS, and re-read before use after
 *   that, so changes still take effect within one second.
 *
 * A known key waits at most STALE_WAIT_MS for a re-read: when Postgres is
 * slower (or unreachable) it is served on its last known state, because the
 * database must never become the proxy's latency; unknown keys always wait for
 * the database. How long a last known state may be served is bounded
 * (GATEWAY_KEY_MAX_STALE_MS, default five minutes): past it, the key is
 * refused with a 503 until Postgres answers. The bound is the trade between
 * availability during an outage and how late a revocation made during it can
 * take effect.
 *
 * Floods of made-up keys: entries for keys that exist (live) and for prefixes
 * that do not (negative) are held apart, each bounded and evicted one least
 * recently used entry at a time, so no flood of unknown prefixes evicts a live
 * key. A client address whose authentications keep failing is answered 429
 * without a database read for any key the cache does not already hold, and
 * only a few first reads of unknown prefixes run at once.
 *
 * A gateway serving one region (GATEWAY_REGION) serves only keys of accounts homed there. A key of an
 * account homed elsewhere is refused with the URL of its region's gateway: found in this region's
 * database (regions sharing one database), it is refused once its secret matches; not found, the
 * global directory names its region. That directory read happens only on the first read of a prefix
 * this database does not hold, and its answer is cached with the negative entry, so keys homed here
 * never cost a directory read.
 */
const FRESH_MS = 300;
const MAX_AGE_MS = 900;
const STALE_WAIT_MS = 100;
const SAFETY_REREAD_MS = 60_000;
const RETRY_AFTER_FAILURE_MS = 1_000;
const LOOKUP_TIMEOUT_MS = 1_500;
const MAX_ENTRIES = 10_000;
const MAX_LIVE_KEYS = 100_000;
const MAX_NEGATIVE_ENTRIES = 10_000;
/** A live entry moves to the recent end of the LRU at most this often (a Map delete and set per request is not free). */
const TOUCH_INTERVAL_MS = 5_000;
/** First reads of prefixes the cache does not hold, at once (the pool also serves log writes and re-reads). */
const MAX_UNKNOWN_READS = 4;
const FAILURE_WINDOW_MS = 60_000;
const MAX_TRACKED_ADDRESSES = 10_000;

export interface AuthenticatedKey {
  keyId: string;
  accountId: string;
  plan: Plan;
  /** The account's home region, and whether it is locked to it (its traffic then goes only to connections tagged so). */
  region: Region;
  regionLocked: boolean;
  /** Full logging is on for this account and its plan includes it, and a data key exists. */
  fullLogging: boolean;
  piiRestore: boolean;
  dataKey: Buffer | null;
  policy: CompiledPolicy;
  rateLimits: EffectiveRateLimits;
}

interface KeyRecord {
  /** The stored SHA-256 of the secret, as bytes. */
  secretHash: Buffer;
  revoked: boolean;
  accountActive: boolean;
  /** An operator is moving the account to another region: its traffic waits (503) rather than being refused. */
  accountMoving: boolean;
  auth: AuthenticatedKey;
}

interface CacheEntry {
  record: KeyRecord | null;
  /** For a prefix this database does not hold: the other region the directory places it in. */
  homedIn: Region | null;
  /** When the read that produced `record` started (0: never read). */
  fetchedAt: number;
  failedAt: number;
  inflight: Promise<void> | null;
  refreshStartedAt: number;
  /** How many changes had been notified when that read started (see `changedSinceRead`). */
  readSeq: number;
  /** When the entry last moved to the recent end of its LRU. */
  touchedAt: number;
}

interface KeyRow {
  id: string;
  account_id: string;
  secret_hash: string;
  revoked_at: Date | null;
  status: string;
  moving_to: string | null;
  plan: Plan;
  region: Region;
  region_locked: boolean;
  full_logging: boolean;
  pii_restore: boolean;
  data_key_wrapped: Buffer | null;
  rate_limits: RateLimitOverrides | null;
}

interface PolicyRow {
  policy_id: string;
  version: number;
  rules: unknown;
}

export interface KeyStore {
  /** `client` is the caller's address: failed authentications are limited per address. */
  authenticate(presented: string | undefined, client: string): Promise<AuthenticatedKey>;
  /** Whether the cache holds a live entry for this key's prefix (tests: a flood must not evict it). */
  holds(presented: string): boolean;
  /** Database reads of keys so far (a metric; tests use it to see what the cache did). */
  readonly lookups: number;
}

export function createKeyStore(deps: {
  db: Database;
  masterKey: Buffer;
  logger: Logger;
  changes?: KeyChangeFeed;
  /** How long a key's last known state is served while Postgres does not answer. */
  maxStaleMs: number;
  authFailuresPerMinute: number;
  /** The one region this gateway serves, with the directory to place keys of other regions and their gateways' URLs. */
  region?: { serves: Region; directory: Database; gatewayUrls: Readonly<Record<Region, string | undefined>> };
}): KeyStore {
  // Both in least recently used order (Map order: the first entry is the one to evict).
  const live = new Map<string, CacheEntry>();
  const negative = new Map<string, CacheEntry>();
  const failures = new Map<string, { count: number; since: number }>();
  let unknownReads = 0;
  const { changes } = deps;
  let lookups = 0;
  // Which accounts changed when (numbered in arrival order). An entry whose account changed after its read
  // began is re-read before use; that covers a read that raced a change too, even a key's first read, whose
  // account was not known when the change came. Bounded: forgetting counts as a change.
  let changeSeq = 0;
  let forgottenUpTo = 0;
  const lastChangeOf = new Map<string, number>();
  changes?.onChange((accountId) => {
    changeSeq += 1;
    if (lastChangeOf.size >= MAX_ENTRIES) {
      lastChangeOf.clear();
      forgottenUpTo = changeSeq - 1;
    }
    lastChangeOf.set(accountId, changeSeq);
  });

  function changedSinceRead(entry: CacheEntry): boolean {
    // A prefix not found: any key created since may be it (the notification names only its account).
    if (!entry.record) return entry.fetchedAt > 0 && changeSeq > entry.readSeq;
    return (lastChangeOf.get(entry.record.auth.accountId) ?? 0) > entry.readSeq || forgottenUpTo > entry.readSeq;
  }

  /** The time up to which an entry is known to be current (it was not changed since its read: see changedSinceRead). */
  function currentAsOf(entry: CacheEntry): number {
    if (changes && entry.fetchedAt > 0 && entry.fetchedAt >= changes.listeningSince)
      return Math.max(entry.fetchedAt, changes.knownUpTo);
    return entry.fetchedAt;
  }
  // Compiled once per policy version and shared by every key of the account.
  const compiled = new Map<string, CompiledPolicy>();

  function compileVersion(row: PolicyRow): CompiledPolicy {
    const cacheKey = `${row.policy_id}:${row.version}`;
    let policy = compiled.get(cacheKey);
    if (!policy) {
      const parsed = policyRulesSchema.safeParse(row.rules);
      if (!parsed.success) {
        // A stored version always passed this schema; refusing traffic beats enforcing a half-read policy.
        throw new GatewayError('unavailable', 'The account policy could not be loaded');
      }
      policy = compilePolicy(parsed.data);
      if (compiled.size > MAX_ENTRIES) compiled.clear();
      compiled.set(cacheKey, policy);
    }
    return policy;
  }

  async function load(prefix: string): Promise<{ record: KeyRecord | null; homedIn: Region | null }> {
    const record = await loadRecord(prefix);
    if (record || !deps.region) return { record, homedIn: null };
    const home = await regionOfKeyPrefix(deps.region.directory, prefix);
    return { record, homedIn: home !== null && home !== deps.region.serves ? home : null };
  }

  function homedElsewhere(region: Region): GatewayError {
    const url = deps.region?.gatewayUrls[region];
    return new GatewayError(
      'wrong_region',
      `This API key belongs to an account whose data is held in region ${region}; ` +
        (url ? `send its requests to ${url}` : `send its requests to the ${region} gateway`),
    );
  }

  async function loadRecord(prefix: string): Promise<KeyRecord | null> {
    lookups += 1;
    const row = await deps
      .db('api_keys as k')
      .join('accounts as a', 'a.id', 'k.account_id')
      .where('k.prefix', prefix)
      .first<KeyRow | undefined>(
        'k.id',
        'k.account_id',
        'k.secret_hash',
        'k.revoked_at',
        'a.status',
        'a.moving_to',
        'a.plan',
        'a.region',
        'a.region_locked',
        'a.full_logging',
        'a.pii_restore',
        'a.data_key_wrapped',
        'a.rate_limits',
      );
    if (!row) return null;
    const policies = await deps
      .db('policies as p')
      .join('policy_versions as v', function () {
        this.on('v.policy_id', '=', 'p.id').andOn('v.version', '=', 'p.active_version');
      })
      .where('p.account_id', row.account_id)
      .orderBy([{ column: 'p.created_at' }, { column: 'p.id' }])
      .select<PolicyRow[]>('p.id as policy_id', 'v.version', 'v.rules');
    const fullLogging = row.full_logging && planAllowsFullLogging(row.plan) && row.data_key_wrapped !== null;
    return {
      secretHash: Buffer.from(row.secret_hash, 'hex'),
      revoked: row.revoked_at !== null,
      accountActive: row.status === 'active',
      accountMoving: row.moving_to !== null,
      auth: {
        keyId: row.id,
        accountId: row.account_id,
        plan: row.plan,
        region: row.region,
        regionLocked: row.region_locked,
        fullLogging,
        piiRestore: row.pii_restore,
        dataKey:
          fullLogging && row.data_key_wrapped
            ? unwrapDataKey(deps.masterKey, row.account_id, row.data_key_wrapped)
            : null,
        policy: policies.length ? mergePolicies(policies.map(compileVersion)) : EMPTY_POLICY,
        rateLimits: rateLimitsFor(row.plan, row.rate_limits),
      },
    };
  }

  function refresh(prefix: string, entry: CacheEntry): Promise<void> {
    if (entry.inflight) return entry.inflight;
    const startedAt = Date.now();
    const seqAtStart = changeSeq;
    entry.refreshStartedAt = startedAt;
    entry.inflight = withTimeout(load(prefix), LOOKUP_TIMEOUT_MS, 'database lookup')
      .then(
        ({ record, homedIn }) => {
          entry.record = record;
          entry.homedIn = homedIn;
          entry.fetchedAt = startedAt;
          entry.readSeq = seqAtStart;
          file(prefix, entry);
        },
        (error: unknown) => {
          entry.failedAt = Date.now();
          if (error instanceof GatewayError) throw error;
          deps.logger.warn(
            { err: { message: (error as Error).message } },
            'api key lookup failed; serving the last known state',
          );
        },
      )
      .finally(() => {
        entry.inflight = null;
      });
    return entry.inflight;
  }

  /** Puts an entry in the map its last read calls for (a key found is live; a prefix not found is negative). */
  function file(prefix: string, entry: CacheEntry): void {
    const [into, from, max] = entry.record ? [live, negative, MAX_LIVE_KEYS] : [negative, live, MAX_NEGATIVE_ENTRIES];
    if (from.get(prefix) === entry) from.delete(prefix);
    if (into.get(prefix) === entry) return;
    evictFor(into, max);
    into.set(prefix, entry);
  }

  function evictFor(map: Map<string, CacheEntry>, max: number): void {
    while (map.size >= max) {
      const oldest = map.keys().next();
      if (oldest.done) return;
      map.delete(oldest.value);
    }
  }

  function touch(map: Map<string, CacheEntry>, prefix: string, entry: CacheEntry, now: number): void {
    if (now - entry.touchedAt < TOUCH_INTERVAL_MS) return;
    entry.touchedAt = now;
    map.delete(prefix);
    map.set(prefix, entry);
  }

  function overFailureLimit(client: string, now: number): boolean {
    const seen = failures.get(client);
    return seen !== undefined && now - seen.since < FAILURE_WINDOW_MS && seen.count >= deps.authFailuresPerMinute;
  }

  function failed(client: string, error: GatewayError): GatewayError {
    const now = Date.now();
    const seen = failures.get(client);
    if (seen && now - seen.since < FAILURE_WINDOW_MS) seen.count += 1;
    else {
      if (seen) failures.delete(client);
      else if (failures.size >= MAX_TRACKED_ADDRESSES) {
        const oldest = failures.keys().next();
        if (!oldest.done) failures.delete(oldest.value);
      }
      failures.set(client, { count: 1, since: now });
    }
    return error;
  }

  function tooManyFailures(client: string, now: number): GatewayError {
    const since = failures.get(client)?.since ?? now;
    const retryAfterMs = Math.max(1_000, FAILURE_WINDOW_MS - (now - since));
    return new GatewayError('rate_limited', 'Too many failed authentications from this address', [], {
      limitRequests: deps.authFailuresPerMinute,
      remainingRequests: 0,
      resetRequestsMs: retryAfterMs,
      limitTokens: 0,
      remainingTokens: 0,
      resetTokensMs: 0,
      retryAfterMs,
    });
  }

  async function firstRead(prefix: string, entry: CacheEntry): Promise<void> {
    if (entry.inflight) return entry.inflight;
    if (unknownReads >= MAX_UNKNOWN_READS) {
      // A prefix already known not to exist is refused on that knowledge; a new one has to wait its turn.
      if (entry.fetchedAt > 0) return;
      throw new GatewayError('unavailable', 'Authentication is busy; retry shortly');
    }
    unknownReads += 1;
    try {
      await refresh(prefix, entry);
    } finally {
      unknownReads -= 1;
    }
  }

  return {
    async authenticate(presented, client) {
      const parsed = presented ? parseApiKey(presented) : null;
      if (!parsed) throw failed(client, new GatewayError('authentication', 'Invalid API key'));
      const now = Date.now();
      let entry = live.get(parsed.prefix);
      if (entry) touch(live, parsed.prefix, entry, now);
      else {
        // Only a key the cache already holds is looked at for an address over its failure budget.
        if (overFailureLimit(client, now)) throw tooManyFailures(client, now);
        entry = negative.get(parsed.prefix);
        if (entry) touch(negative, parsed.prefix, entry, now);
        else {
          entry = {
            record: null,
            homedIn: null,
            fetchedAt: 0,
            failedAt: 0,
            inflight: null,
            refreshStartedAt: 0,
            readSeq: 0,
            touchedAt: now,
          };
          evictFor(negative, MAX_NEGATIVE_ENTRIES);
          negative.set(parsed.prefix, entry);
        }
      }
      const age = now - currentAsOf(entry);
      const recentlyFailed = now - entry.failedAt < RETRY_AFTER_FAILURE_MS;
      if ((age >= MAX_AGE_MS || changedSinceRead(entry)) && !recentlyFailed) {
        if (entry.fetchedAt === 0 || !entry.record) await firstRead(parsed.prefix, entry);
        else {
          const reread = refresh(parsed.prefix, entry);
          // Only the first STALE_WAIT_MS of a slow re-read are waited for, by all requests together.
          const wait = STALE_WAIT_MS - (now - entry.refreshStartedAt);
          if (wait > 0) await Promise.race([reread, new Promise((resolve) => setTimeout(resolve, wait))]);
        }
      } else if ((age >= FRESH_MS || now - entry.fetchedAt >= SAFETY_REREAD_MS) && !recentlyFailed)
        void refresh(parsed.prefix, entry).catch(() => undefined);
      if (entry.fetchedAt === 0) throw new GatewayError('unavailable', 'Authentication is temporarily unavailable');
      const record = entry.record;
      // Not held here, but in another region's database: the secret cannot be checked, only the way shown.
      if (!record && entry.homedIn) throw homedElsewhere(entry.homedIn);
      if (!record || !apiKeySecretMatches(parsed.secret, record.secretHash))
        throw failed(client, new GatewayError('authentication', 'Invalid API key'));
      if (Date.now() - currentAsOf(entry) > deps.maxStaleMs)
        throw new GatewayError(
          'unavailable',
          'Authentication is temporarily unavailable (the key store does not answer)',
        );
      if (record.revoked) throw failed(client, new GatewayError('authentication', 'This API key has been revoked'));
      if (deps.region && record.auth.region !== deps.region.serves) throw homedElsewhere(record.auth.region);
      if (record.accountMoving)
        throw new GatewayError(
          'unavailable',
          'This account is being moved to another region; retry in a few minutes, then at its new regional URL if told so',
        );
      if (!record.accountActive) throw new GatewayError('permission', 'This account is disabled');
      return record.auth;
    },
    holds(presented) {
      const parsed = parseApiKey(presented);
      return parsed !== null && live.get(parsed.prefix)?.record?.auth !== undefined;
    },
    get lookups() {
      return lookups;
    },
  };
}
