import type { Knex } from 'knex';
import type { Database } from '../database/database';
import { EXPORTED_FULL_LOG_COLUMNS, toExportedFullLog } from './exported-full-logs';

/**
 * What an export holds, one category per store. Each category reads its rows
 * in keyset-ordered batches, so an export of any size holds one batch in
 * memory at a time. Secrets (password and key hashes, wrapped data keys) are
 * never exported.
 */
export const EXPORT_CATEGORIES = [
  'account',
  'users',
  'api_keys',
  'policies',
  'policy_versions',
  'gateway_requests',
  'gateway_full_logs',
  'audit_log',
  'billing',
] as const;
export type ExportCategory = (typeof EXPORT_CATEGORIES)[number];

export interface ExportScope {
  accountId: string;
  /** Data-subject exports: only this user's own user row and the audit entries about them or by them. */
  subjectUserId?: string | null;
  /** The subject is the account's only user, so the account's data is theirs (see subject-scope.ts). */
  subjectIsSoleUser?: boolean;
  /** Inclusive lower and exclusive upper bound on log and audit times (scheduled exports). */
  from?: Date | null;
  to?: Date | null;
}

export interface ExportContext {
  db: Database;
  masterKey: Buffer;
  scope: ExportScope;
  batchSize: number;
  /** Called with each batch's row count as it is written (progress). */
  onRows?: (rows: number) => void;
}

export type ExportRow = Record<string, unknown>;

interface CategorySource {
  columns: readonly string[];
  /** `subject`: the category narrows itself to a subject; `account`: it holds the account's data as a whole. */
  reach: 'subject' | 'account';
  batches(ctx: ExportContext): AsyncGenerator<ExportRow[]>;
}

type Key = readonly string[];

/** Rows in `key` order after the last row seen, one batch at a time. */
async function* keyset(query: () => Knex.QueryBuilder, key: Key, batchSize: number): AsyncGenerator<ExportRow[]> {
  let last: unknown[] | null = null;
  for (;;) {
    const q = query()
      .orderBy(key.map((column) => ({ column, order: 'asc' })))
      .limit(batchSize);
    if (last)
      q.whereRaw(`(${key.map((c) => `"${c}"`).join(', ')}) > (${key.map(() => '?').join(', ')})`, last as Knex.Value[]);
    const rows = (await q) as ExportRow[];
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
    const tail = rows[rows.length - 1];
    last = key.map((c) => tail?.[c]);
  }
}

function inRange(q: Knex.QueryBuilder, scope: ExportScope, column: string): Knex.QueryBuilder {
  if (scope.from) q.where(column, '>=', scope.from);
  if (scope.to) q.where(column, '<', scope.to);
  return q;
}

const gatewayRequestColumns = [
  'id',
  'created_at',
  'api_key_id',
  'endpoint',
  'provider',
  'model',
  'verdict',
  'matched_rule_ids',
  'prompt_tokens',
  'completion_tokens',
  'tokens_estimated',
  'latency_ms',
  'status',
  'streamed',
  'client_disconnected',
] as const;

export const categorySources: Record<ExportCategory, CategorySource> = {
  account: {
    reach: 'account',
    columns: [
      'id',
      'name',
      'plan',
      'region',
      'status',
      'retention_days',
      'full_logging',
      'pii_restore',
      'created_at',
      'updated_at',
    ],
    batches: ({ db, scope, batchSize }) =>
      keyset(
        () => db('accounts').select(categorySources.account.columns).where({ id: scope.accountId }),
        ['id'],
        batchSize,
      ),
  },
  users: {
    reach: 'subject',
    columns: [
      'id',
      'email',
      'name',
      'role',
      'marketing_opt_out',
      'security_notices_opt_out',
      'age_confirmed_at',
      'created_at',
      'updated_at',
    ],
    batches: ({ db, scope, batchSize }) =>
      keyset(
        () => {
          const q = db('users').select(categorySources.users.columns).where({ account_id: scope.accountId });
          return scope.subjectUserId ? q.where({ id: scope.subjectUserId }) : q;
        },
        ['id'],
        batchSize,
      ),
  },
  api_keys: {
    reach: 'account',
    columns: ['id', 'name', 'prefix', 'created_by', 'created_at', 'revoked_at', 'last_used_at'],
    batches: ({ db, scope, batchSize }) =>
      keyset(
        () => db('api_keys').select(categorySources.api_keys.columns).where({ account_id: scope.accountId }),
        ['id'],
        batchSize,
      ),
  },
  policies: {
    reach: 'account',
    columns: ['id', 'name', 'active_version', 'created_at', 'updated_at'],
    batches: ({ db, scope, batchSize }) =>
      keyset(
        () => db('policies').select(categorySources.policies.columns).where({ account_id: scope.accountId }),
        ['id'],
        batchSize,
      ),
  },
  policy_versions: {
    reach: 'account',
    columns: ['id', 'policy_id', 'version', 'rules', 'created_by', 'created_at'],
    batches: ({ db, scope, batchSize }) =>
      keyset(
        () =>
          db('policy_versions').select(categorySources.policy_versions.columns).where({ account_id: scope.accountId }),
        ['id'],
        batchSize,
      ),
  },
  gateway_requests: {
    reach: 'account',
    columns: gatewayRequestColumns,
    batches: ({ db, scope, batchSize }) =>
      keyset(
        () =>
          inRange(
            db('gateway_requests').select(gatewayRequestColumns).where({ account_id: scope.accountId }),
            scope,
            'created_at',
          ),
        ['created_at', 'id'],
        batchSize,
      ),
  },
  gateway_full_logs: {
    reach: 'account',
    // Sealed as stored: AES-256-GCM under the account's data key (see exported-full-logs.ts to open them).
    columns: EXPORTED_FULL_LOG_COLUMNS,
    async *batches({ db, scope, batchSize }) {
      const account = await db('accounts').select('data_key_wrapped').where({ id: scope.accountId }).first();
      // Crypto-shredded (or never keyed): nothing that could be opened remains.
      if (!account?.data_key_wrapped) return;
      const rows = keyset(
        () =>
          inRange(
            db('gateway_full_logs')
              .select('request_id', 'created_at', 'nonce', 'auth_tag', 'ciphertext')
              .where({ account_id: scope.accountId }),
            scope,
            'created_at',
          ),
        ['created_at', 'request_id'],
        batchSize,
      );
      for await (const batch of rows) yield batch.map(toExportedFullLog);
    },
  },
  audit_log: {
    reach: 'subject',
    columns: ['id', 'created_at', 'actor_type', 'actor_id', 'action', 'target_type', 'target_id', 'summary', 'hash'],
    batches: ({ db, scope, batchSize }) =>
      keyset(
        () => {
          const subject = scope.subjectUserId;
          if (!subject)
            return inRange(db('audit_log').select(categorySources.audit_log.columns), scope, 'created_at').where({
              account_id: scope.accountId,
            });
          // Who else acted on the subject (a colleague, an operator) is that person's data: their ID is withheld.
          const columns = categorySources.audit_log.columns.map((c) =>
            c === 'actor_id' ? db.raw('case when actor_id = ? then actor_id end as actor_id', [subject]) : c,
          );
          return inRange(db('audit_log').select(columns), scope, 'created_at').where((w) =>
            w.where({ actor_id: subject }).orWhere({ target_id: subject }),
          );
        },
        ['id'],
        batchSize,
      ),
  },
  billing: {
    reach: 'account',
    columns: ['account_id', 'stripe_customer_id', 'stripe_subscription_id', 'plan', 'status', 'current_period_end'],
    batches: ({ db, scope, batchSize }) =>
      keyset(
        () =>
          db('accounts')
            .leftJoin('subscriptions', 'subscriptions.account_id', 'accounts.id')
            .select(
              'accounts.id as account_id',
              db.raw('coalesce(subscriptions.stripe_customer_id, accounts.stripe_customer_id) as stripe_customer_id'),
              'subscriptions.stripe_subscription_id',
              'subscriptions.plan',
              'subscriptions.status',
              'subscriptions.current_period_end',
            )
            .where('accounts.id', scope.accountId)
            .whereRaw('coalesce(subscriptions.stripe_customer_id, accounts.stripe_customer_id) is not null'),
        ['account_id'],
        batchSize,
      ),
  },
};

export interface CategoriesInScope {
  released: ExportCategory[];
  /** Named in the answer, with no rows: the account's data, when the subject shares the account. */
  heldForAccount: ExportCategory[];
}

/**
 * Splits the categories asked for into those the export holds and those held
 * for the account: an account's or a sole user's export holds everything, a
 * member's only the categories that narrow themselves to the subject.
 */
export function categoriesInScope(categories: readonly ExportCategory[], scope: ExportScope): CategoriesInScope {
  const shared = Boolean(scope.subjectUserId) && !scope.subjectIsSoleUser;
  const released = categories.filter((c) => !shared || categorySources[c].reach === 'subject');
  return { released, heldForAccount: categories.filter((c) => !released.includes(c)) };
}
