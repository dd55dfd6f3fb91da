import { isIP } from 'node:net';
import type { Pool } from 'undici';
import { unwrapDataKey } from '../../../platform/crypto/envelope';
import { withTimeout, type Database } from '../../../platform/database/database';
import type { ProviderConnectionRow } from '../../../platform/database/tables';
import type { Logger } from '../../../platform/observability/logger';
import type { NetworkGuard } from '../../../platform/provider-connections/network-guard';
import { openProviderKey } from '../../../platform/provider-connections/sealed-provider-keys';
import type { KeyChangeFeed } from '../../auth/key-changes';
import { GatewayError, type ErrorKind } from '../../http/wire-errors';
import type { AliasRoute } from '../../routing/alias-route';
import { aliasRoutes, readAliases, type AliasRead } from '../../routing/alias-cache';
import { createPool, type Endpoint } from '../provider';
import {
  connectionRoute,
  createConnectionProvider,
  type ConnectionProvider,
  type ConnectionRoute,
  type OpenedConnection,
} from './connection-provider';

/**
 * Each account's own provider connections, read and their keys opened once,
 * then served from memory: never a decryption per request. Kept current the
 * way the key cache is (gateway/auth/key-store.ts): a change to a connection
 * notifies the account on the key change feed, and the account's entry is
 * re-read before its next use; while the feed does not vouch for an entry, it
 * is re-read once it is older than MAX_AGE_MS. A known entry waits at most
 * STALE_WAIT_MS for its re-read, and a failed one serves the last known state:
 * the database must not become the proxy's latency or availability (the key
 * cache bounds how long an account is served while Postgres is away).
 *
 * Pools: one per origin, shared by every connection to it and kept for the
 * gateway's life; each resolves hostnames through the SSRF guard at connect.
 */
const MAX_AGE_MS = 900;
const SAFETY_REREAD_MS = 60_000;
const RETRY_AFTER_FAILURE_MS = 1_000;
const STALE_WAIT_MS = 100;
const LOOKUP_TIMEOUT_MS = 1_500;
const MAX_ACCOUNTS = 10_000;
const NO_ALIASES: ReadonlyMap<string, AliasRoute> = new Map();

/**
 * A connection as the cache holds it: usable, or refused with the reason. A
 * refused connection still takes its models, so the account's traffic for
 * them fails rather than going to the platform's provider, which the account
 * did not choose for them.
 */
type Candidate = ConnectionRoute &
  (
    | { provider: ConnectionProvider; refusal: null }
    | { provider: null; refusal: string; name: string; refusedAs: ErrorKind }
  );

interface Entry {
  candidates: readonly Candidate[];
  /** Each candidate's model patterns, as its connection lists them. */
  modelsOf: ReadonlyArray<readonly string[]>;
  /** The account's model aliases by name (routing, gateway/routing/); read and kept current with the connections. */
  aliases: ReadonlyMap<string, AliasRoute>;
  fetchedAt: number;
  failedAt: number;
  readSeq: number;
  inflight: Promise<void> | null;
  refreshStartedAt: number;
}

type ConnectionRead = Pick<
  ProviderConnectionRow,
  'id' | 'name' | 'kind' | 'base_url' | 'models' | 'api_key_sealed' | 'region'
> & {
  data_key_wrapped: Buffer | null;
  account_region: string;
  account_region_locked: boolean;
};

export interface AccountConnections {
  /**
   * The account's alias named `model` (its targets, to be routed), else its connection that serves `model` on
   * `endpoint` most specifically, or null.
   */
  resolve(accountId: string, endpoint: Endpoint, model: string): Promise<ConnectionProvider | AliasRoute | null>;
  /** What `GET /v1/models` lists of the account's own: its alias names and its usable connections (cached state). */
  listing(accountId: string): Promise<AccountListing>;
  /** Database reads of connections so far (tests use it to see what the cache did). */
  readonly reads: number;
  close(): Promise<void>;
}

export interface AccountListing {
  aliases: readonly string[];
  /** Usable connections, each with the model patterns it lists, in creation order. */
  connections: ReadonlyArray<{ provider: ConnectionProvider; models: readonly string[] }>;
}

export function createAccountConnections(deps: {
  db: Database;
  masterKey: Buffer;
  logger: Logger;
  guard: NetworkGuard;
  timeoutMs: number;
  changes?: KeyChangeFeed;
}): AccountConnections {
  const { changes, guard } = deps;
  const entries = new Map<string, Entry>();
  const pools = new Map<string, { pool: Pool; basePath: string }>();
  let reads = 0;
  let changeSeq = 0;
  let forgottenUpTo = 0;
  const lastChangeOf = new Map<string, number>();
  changes?.onChange((accountId) => {
    changeSeq += 1;
    if (lastChangeOf.size >= MAX_ACCOUNTS) {
      lastChangeOf.clear();
      forgottenUpTo = changeSeq - 1;
    }
    lastChangeOf.set(accountId, changeSeq);
  });

  function isCurrent(accountId: string, entry: Entry, now: number): boolean {
    if (entry.fetchedAt === 0) return false;
    if ((lastChangeOf.get(accountId) ?? 0) > entry.readSeq || forgottenUpTo > entry.readSeq) return false;
    const vouched =
      changes && entry.fetchedAt >= changes.listeningSince ? Math.max(entry.fetchedAt, changes.knownUpTo) : 0;
    const currentAsOf = Math.max(vouched, entry.fetchedAt);
    return now - currentAsOf < MAX_AGE_MS && now - entry.fetchedAt < SAFETY_REREAD_MS;
  }

  function poolFor(baseUrl: string): { pool: Pool; basePath: string } {
    const origin = new URL(baseUrl).origin;
    let shared = pools.get(origin);
    if (!shared) {
      shared = createPool(origin, deps.timeoutMs, guard.lookup);
      pools.set(origin, shared);
    }
    return { pool: shared.pool, basePath: new URL(baseUrl).pathname.replace(/\/+$/, '') };
  }

  /** A literal address is checked against the guard as configured now; a hostname at every connect. */
  function reachable(baseUrl: string): boolean {
    const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
    return isIP(host) === 0 || guard.allowsAddress(host);
  }

  /** NULL when the account has none, or it does not unwrap (its connections' keys then do not open). */
  function accountDataKey(accountId: string, wrapped: Buffer | null): Buffer | null {
    try {
      return wrapped ? unwrapDataKey(deps.masterKey, accountId, wrapped) : null;
    } catch {
      return null;
    }
  }

  function open(accountId: string, rows: ConnectionRead[]): Candidate[] {
    const dataKey = accountDataKey(accountId, rows[0]?.data_key_wrapped ?? null);
    return rows.map((row): Candidate => {
      const route = connectionRoute(row.kind, row.models);
      const refused = (refusal: string, refusedAs: ErrorKind = 'upstream'): Candidate => ({
        ...route,
        provider: null,
        refusal,
        name: row.name,
        refusedAs,
      });
      let apiKey: string | null = null;
      try {
        if (row.api_key_sealed) {
          if (!dataKey) throw new Error('the account has no data key');
          apiKey = openProviderKey(dataKey, accountId, row.id, row.api_key_sealed);
        }
      } catch (error) {
        // Its data key shredded, or tampered with: never sent without its key, nor elsewhere.
        deps.logger.warn(
          { connectionId: row.id, err: { message: (error as Error).message } },
          'provider key does not open',
        );
        return refused('its key can no longer be opened; rotate it');
      }
      if (row.account_region_locked && row.region !== row.account_region)
        return refused(
          `it is ${row.region ? `tagged ${row.region.toUpperCase()}` : 'not tagged with a region'}, and the account is locked to ${row.account_region.toUpperCase()}`,
          'permission',
        );
      if (!reachable(row.base_url)) {
        deps.logger.warn({ connectionId: row.id }, 'provider connection address is not allowed');
        return refused('its address is not allowed by this gateway');
      }
      const opened: OpenedConnection = {
        id: row.id,
        name: row.name,
        kind: row.kind,
        baseUrl: row.base_url,
        models: row.models,
        apiKey,
      };
      const { pool, basePath } = poolFor(row.base_url);
      return { ...route, provider: createConnectionProvider(opened, pool, basePath, deps.timeoutMs), refusal: null };
    });
  }

  function reread(accountId: string, entry: Entry): Promise<void> {
    if (entry.inflight) return entry.inflight;
    const startedAt = Date.now();
    const seqAtStart = changeSeq;
    entry.refreshStartedAt = startedAt;
    reads += 1;
    const query = deps
      .db('provider_connections as c')
      .join('accounts as a', 'a.id', 'c.account_id')
      .where('c.account_id', accountId)
      .orderBy([{ column: 'c.created_at' }, { column: 'c.id' }])
      .select<ConnectionRead[]>(
        'c.id',
        'c.name',
        'c.kind',
        'c.base_url',
        'c.models',
        'c.api_key_sealed',
        'c.region',
        'a.data_key_wrapped',
        'a.region as account_region',
        'a.region_locked as account_region_locked',
      );
    const both = Promise.all([query, readAliases(deps.db, accountId)]);
    entry.inflight = withTimeout(both, LOOKUP_TIMEOUT_MS, 'provider connections read')
      .then(
        ([rows, aliases]: [ConnectionRead[], AliasRead]) => {
          entry.candidates = open(accountId, rows);
          entry.modelsOf = rows.map((row) => row.models);
          const candidates = entry.candidates;
          entry.aliases = aliasRoutes(
            aliases,
            rows.map((row, i) => {
              const candidate = candidates[i];
              return {
                id: row.id,
                kind: row.kind,
                provider: candidate?.provider ?? null,
                refusal: candidate?.refusal ?? null,
              };
            }),
          );
          deps.logger.debug({ accountId, connections: entry.candidates.length }, 'provider connections read');
          entry.fetchedAt = startedAt;
          entry.readSeq = seqAtStart;
        },
        (error: unknown) => {
          entry.failedAt = Date.now();
          deps.logger.warn(
            { err: { message: (error as Error).message } },
            'provider connections could not be read; serving the last known state',
          );
        },
      )
      .finally(() => {
        entry.inflight = null;
      });
    return entry.inflight;
  }

  function pick(candidates: readonly Candidate[], endpoint: Endpoint, model: string): ConnectionProvider | null {
    let best: Candidate | null = null;
    let bestSpecificity = -1;
    for (const candidate of candidates) {
      if (!candidate.servesModel(endpoint, model)) continue;
      const specificity = candidate.specificity(model);
      if (specificity > bestSpecificity) {
        best = candidate;
        bestSpecificity = specificity;
      }
    }
    if (!best) return null;
    if (best.provider) return best.provider;
    throw new GatewayError(
      best.refusedAs,
      `The account's provider connection "${best.name}" cannot be used: ${best.refusal}`,
    );
  }

  /** The account's entry, re-read first when the feed does not vouch for it (see the comment at the top). */
  async function current(accountId: string): Promise<Entry> {
    const now = Date.now();
    let entry = entries.get(accountId);
    if (!entry) {
      if (entries.size >= MAX_ACCOUNTS) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entry = {
        candidates: [],
        modelsOf: [],
        aliases: NO_ALIASES,
        fetchedAt: 0,
        failedAt: 0,
        readSeq: 0,
        inflight: null,
        refreshStartedAt: 0,
      };
      entries.set(accountId, entry);
    }
    if (!isCurrent(accountId, entry, now) && now - entry.failedAt >= RETRY_AFTER_FAILURE_MS) {
      const read = reread(accountId, entry);
      // A first read is waited for; a re-read of a known state only for its first STALE_WAIT_MS, by all requests together.
      const wait = STALE_WAIT_MS - (now - entry.refreshStartedAt);
      if (entry.fetchedAt === 0) await read;
      else if (wait > 0) await Promise.race([read, new Promise((resolve) => setTimeout(resolve, wait))]);
    }
    if (entry.fetchedAt === 0)
      throw new GatewayError('unavailable', 'Provider connections are temporarily unavailable');
    return entry;
  }

  return {
    async resolve(accountId, endpoint, model) {
      const entry = await current(accountId);
      const alias = entry.aliases.get(model);
      if (alias) return alias;
      return entry.candidates.length === 0 ? null : pick(entry.candidates, endpoint, model);
    },
    async listing(accountId) {
      const entry = await current(accountId);
      return {
        aliases: [...entry.aliases.keys()],
        connections: entry.candidates.flatMap((c, i) =>
          c.provider ? [{ provider: c.provider, models: entry.modelsOf[i] ?? [] }] : [],
        ),
      };
    },
    get reads() {
      return reads;
    },
    async close() {
      await Promise.all([...pools.values()].map(({ pool }) => pool.close()));
    },
  };
}
