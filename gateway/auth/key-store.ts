import { apiKeySecretMatches, parseApiKey } from '../../platform/crypto/api-keys';
import { unwrapDataKey } from '../../platform/crypto/envelope';
import { withTimeout, type Database } from '../../platform/database/database';
import type { Logger } from '../../platform/observability/logger';
import { planAllowsFullLogging, type Plan } from '../../platform/billing/plans';
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
 * the database.
 */
const FRESH_MS = 300;
const MAX_AGE_MS = 900;
const STALE_WAIT_MS = 100;
const SAFETY_REREAD_MS = 60_000;
const RETRY_AFTER_FAILURE_MS = 1_000;
const LOOKUP_TIMEOUT_MS = 1_500;
const MAX_ENTRIES = 10_000;

export interface AuthenticatedKey {
  keyId: string;
  accountId: string;
  plan: Plan;
  /** Full logging is on for this account and its plan includes it, and a data key exists. */
  fullLogging: boolean;
  piiRestore: boolean;
  dataKey: Buffer | null;
  policy: CompiledPolicy;
}

interface KeyRecord {
  /** The stored SHA-256 of the secret, as bytes. */
  secretHash: Buffer;
  revoked: boolean;
  accountActive: boolean;
  auth: AuthenticatedKey;
}

interface CacheEntry {
  record: KeyRecord | null;
  /** When the read that produced `record` started (0: never read). */
  fetchedAt: number;
  failedAt: number;
  inflight: Promise<void> | null;
  refreshStartedAt: number;
  /** How many changes had been notified when that read started (see `changedSinceRead`). */
  readSeq: number;
}

interface KeyRow {
  id: string;
  account_id: string;
  secret_hash: string;
  revoked_at: Date | null;
  status: string;
  plan: Plan;
  full_logging: boolean;
  pii_restore: boolean;
  data_key_wrapped: Buffer | null;
}

interface PolicyRow {
  policy_id: string;
  version: number;
  rules: unknown;
}

export interface KeyStore {
  authenticate(presented: string | undefined): Promise<AuthenticatedKey>;
  /** Database reads of keys so far (a metric; tests use it to see what the cache did). */
  readonly lookups: number;
}

export function createKeyStore(deps: {
  db: Database;
  masterKey: Buffer;
  logger: Logger;
  changes?: KeyChangeFeed;
}): KeyStore {
  const cache = new Map<string, CacheEntry>();
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
    if (!entry.record) return false;
    return (lastChangeOf.get(entry.record.auth.accountId) ?? 0) > entry.readSeq || forgottenUpTo > entry.readSeq;
  }

  /** The time up to which an entry is known to be current (it was not changed since its read: see changedSinceRead). */
  function currentAsOf(entry: CacheEntry): number {
    if (changes && entry.record && entry.fetchedAt >= changes.listeningSince)
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

  async function load(prefix: string): Promise<KeyRecord | null> {
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
        'a.plan',
        'a.full_logging',
        'a.pii_restore',
        'a.data_key_wrapped',
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
      auth: {
        keyId: row.id,
        accountId: row.account_id,
        plan: row.plan,
        fullLogging,
        piiRestore: row.pii_restore,
        dataKey:
          fullLogging && row.data_key_wrapped
            ? unwrapDataKey(deps.masterKey, row.account_id, row.data_key_wrapped)
            : null,
        policy: policies.length ? mergePolicies(policies.map(compileVersion)) : EMPTY_POLICY,
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
        (record) => {
          entry.record = record;
          entry.fetchedAt = startedAt;
          entry.readSeq = seqAtStart;
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

  return {
    async authenticate(presented) {
      const parsed = presented ? parseApiKey(presented) : null;
      if (!parsed) throw new GatewayError('authentication', 'Invalid API key');
      let entry = cache.get(parsed.prefix);
      if (!entry) {
        if (cache.size >= MAX_ENTRIES) cache.clear();
        entry = { record: null, fetchedAt: 0, failedAt: 0, inflight: null, refreshStartedAt: 0, readSeq: 0 };
        cache.set(parsed.prefix, entry);
      }
      const now = Date.now();
      const age = now - currentAsOf(entry);
      const recentlyFailed = now - entry.failedAt < RETRY_AFTER_FAILURE_MS;
      if ((age >= MAX_AGE_MS || changedSinceRead(entry)) && !recentlyFailed) {
        const reread = refresh(parsed.prefix, entry);
        if (entry.fetchedAt === 0) await reread;
        else {
          // Only the first STALE_WAIT_MS of a slow re-read are waited for, by all requests together.
          const wait = STALE_WAIT_MS - (now - entry.refreshStartedAt);
          if (wait > 0) await Promise.race([reread, new Promise((resolve) => setTimeout(resolve, wait))]);
        }
      } else if ((age >= FRESH_MS || now - entry.fetchedAt >= SAFETY_REREAD_MS) && !recentlyFailed)
        void refresh(parsed.prefix, entry).catch(() => undefined);
      if (entry.fetchedAt === 0) throw new GatewayError('unavailable', 'Authentication is temporarily unavailable');
      const record = entry.record;
      if (!record || !apiKeySecretMatches(parsed.secret, record.secretHash))
        throw new GatewayError('authentication', 'Invalid API key');
      if (record.revoked) throw new GatewayError('authentication', 'This API key has been revoked');
      if (!record.accountActive) throw new GatewayError('permission', 'This account is disabled');
      return record.auth;
    },
    get lookups() {
      return lookups;
    },
  };
}
