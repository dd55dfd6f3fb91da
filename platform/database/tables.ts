import type { Knex } from 'knex';
import type { Tables } from 'knex/types/tables';
import type { AccountRole } from '../accounts/roles';
import type { AuditActorType } from '../audit/audit-trail';
import type { Plan, RateLimitOverrides } from '../billing/plans';
import type { Region } from '../config/config';
import type { Jurisdiction } from '../data-subject-requests/deadlines';
import type { DsrType } from '../data-subject-requests/requests';
import type { PolicyRule } from '../policies/policy-rules';
import type { PolicyVersionStatus } from '../privacy-policy/privacy-policy';
import type { ProviderKind } from '../provider-connections/provider-kinds';

/**
 * One row type per table, as the migrations in migrations/ define it; knex
 * types every query on a table from it (see the `declare module` below). A
 * table whose insert differs from its row (database defaults, columns the
 * database fills in) has an Insert type too.
 */

/** A jsonb column: knex sends an object as JSON, but an array as a Postgres array, so arrays go in as JSON text. */
type Jsonb<T> = T | string;
/** Columns a statement may set with SQL (`now()`, `coalesce(…)`) rather than a value. */
type OrRaw<T> = { [K in keyof T]: T[K] | Knex.Raw };
type Insert<Row, Required extends keyof Row> = OrRaw<Pick<Row, Required> & Partial<Omit<Row, Required>>>;

/** What an insert into `table` takes. */
export type InsertOf<Table extends keyof Tables> = Knex.ResolveTableType<Tables[Table], 'insert'>;

export type AccountStatus = 'active' | 'disabled' | 'deleted';

export interface AccountRow {
  id: string;
  name: string;
  plan: Plan;
  region: Region;
  /** Enterprise: traffic goes only to provider connections tagged with the home region. */
  region_locked: boolean;
  status: AccountStatus;
  /** Enterprise only; other plans take their retention from the plan. */
  retention_days: number | null;
  full_logging: boolean;
  pii_restore: boolean;
  /** The account's data key for full logs, wrapped by the master key; NULL after crypto-shredding. */
  data_key_wrapped: Buffer | null;
  stripe_customer_id: string | null;
  /** Limits the account set for itself and its keys, within its plan; NULL: the plan's. */
  rate_limits: RateLimitOverrides | null;
  /** The region an operator is moving the account to; NULL when it is not moving. */
  moving_to: Region | null;
  /** While it moves: the oldest transaction running at the freeze (xid8 as text); rows from it on may be late. */
  move_xmin: string | null;
  deletion_requested_at: Date | null;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface UserRow {
  id: string;
  /** NULL for operators, who belong to no customer account. */
  account_id: string | null;
  email: string;
  name: string;
  password_hash: string;
  role: AccountRole | 'operator';
  /** Opted out of product updates (announcements of that kind and any other product e-mail). */
  marketing_opt_out: boolean;
  /** Opted out of security notices (announcements of that kind). */
  security_notices_opt_out: boolean;
  /** When the person confirmed at sign-up being 16 or older; NULL when they did not sign up themselves. */
  age_confirmed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface SessionRow {
  id: string;
  user_id: string;
  token_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: Date;
}

export interface ApiKeyRow {
  id: string;
  account_id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
  last_used_at: Date | null;
}

/** The global directory (migrations/20261209000000_region_directory.ts): where an account's data lives. */
export interface DirectoryAccountRow {
  account_id: string;
  region: Region;
}

export interface DirectoryApiKeyRow {
  prefix: string;
  account_id: string;
}

export interface DirectoryUserRow {
  /** HMAC-SHA-256 of the normalised e-mail address under DIRECTORY_EMAIL_KEY: never the address itself. */
  email_hmac: Buffer;
  account_id: string;
  registered_at: Date;
}

export interface SubscriptionRow {
  account_id: string;
  stripe_customer_id: string;
  stripe_subscription_id: string | null;
  plan: Plan;
  status: string;
  current_period_end: Date | null;
  /** Stripe `created` of the last applied event. */
  last_event_created: number;
  updated_at: Date;
}

export interface StripeEventRow {
  id: string;
  type: string;
  received_at: Date;
}

export interface PolicyRow {
  id: string;
  account_id: string;
  name: string;
  /** The version the gateway enforces; NULL until the first is published. */
  active_version: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface PolicyVersionRow {
  id: string;
  policy_id: string;
  account_id: string;
  version: number;
  rules: PolicyRule[];
  created_by: string | null;
  created_at: Date;
}

export interface ProviderConnectionRow {
  id: string;
  account_id: string;
  name: string;
  kind: ProviderKind;
  base_url: string;
  /** Where the provider processes data, as the account declares it (for residency rules). */
  region: Region | null;
  /** Model names it serves: exact, or a prefix ending in `*` (`*` alone: every model). */
  models: string[];
  /** The key sealed under the account's data key (nonce ‖ tag ‖ ciphertext); NULL when it takes none. */
  api_key_sealed: Buffer | null;
  api_key_last4: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  key_rotated_at: Date | null;
}

/** A model alias (migrations/20261208010000_model_aliases.ts): a requested model name routed to its targets. */
export interface ModelAliasRow {
  id: string;
  account_id: string;
  name: string;
  description: string | null;
  /** Retries of one target before the next is tried. */
  retries: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** One target of an alias: a connection of the same account and the model to ask it for. */
export interface ModelAliasTargetRow {
  alias_id: string;
  account_id: string;
  /** The target's place in the alias's list (0-based). */
  position: number;
  connection_id: string;
  model: string;
  /** Lower first; targets of equal priority share traffic by weight. */
  priority: number;
  weight: number;
}

/** One upstream attempt of a routed request, as the request log keeps it. */
export interface RouteAttemptRecord {
  connectionId: string;
  model: string;
  /** The upstream's HTTP status; 0 when none came (a connect failure, a timeout, an open circuit). */
  status: number;
  /**
   * Why the attempt did not answer the caller: `http` (a 429 or 5xx), `connect`, `timeout`, `circuit_open` (skipped),
   * `unusable` (its connection cannot be used); null when it answered.
   */
  failure: RouteFailure | null;
}

export const ROUTE_FAILURES = ['http', 'connect', 'timeout', 'circuit_open', 'unusable'] as const;
export type RouteFailure = (typeof ROUTE_FAILURES)[number];

export interface GatewayRequestRow {
  id: string;
  created_at: Date;
  account_id: string;
  api_key_id: string | null;
  endpoint: string;
  provider: string;
  model: string;
  verdict: 'ALLOW' | 'BLOCK';
  matched_rule_ids: string[];
  prompt_tokens: number;
  completion_tokens: number;
  tokens_estimated: boolean;
  latency_ms: number;
  status: number;
  streamed: boolean;
  client_disconnected: boolean;
  /** Routing (NULL when the requested model was not an alias): the alias, each attempt, their count, the one that answered. */
  route_alias: string | null;
  route_attempts: RouteAttemptRecord[] | null;
  attempts: number | null;
  /** Index into route_attempts of the attempt whose answer reached the caller; NULL when none did. */
  answered_attempt: number | null;
  /** US micro-dollars (migrations/20261208020000_cost_and_budgets.ts); NULL when the model had no price. */
  cost_microusd: string | number | null;
}

/** The hourly usage rollup (migrations/20261207000001_gateway_usage_rollup.ts), kept by a trigger. */
export interface GatewayUsageHourlyRow {
  account_id: string;
  hour: Date;
  /** The nil UUID for requests without a key. */
  api_key_id: string;
  model: string;
  requests: number;
  blocked: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  /** US micro-dollars of the priced requests. */
  cost_microusd: number;
  /** Requests whose model had no price. */
  unpriced_requests: number;
  /** Plus one `latency_bucket_NN` count per bucket of platform/usage/latency-histogram.ts. */
  [latencyBucket: `latency_bucket_${string}`]: number;
}

/** The daily level of the usage rollup (migrations/20261207000003_gateway_usage_daily.ts), same counts by UTC day. */
export type GatewayUsageDailyRow = Omit<GatewayUsageHourlyRow, 'hour'> & { day: Date };

/** Where the last usage fold stopped (migrations/20261208090001_gateway_usage_fold_by_transaction.ts). */
export interface GatewayUsageFoldMarkRow {
  only_row: boolean;
  /** A transaction ID (xid8), as text: request rows inserted by transactions at or above it are not folded yet. */
  folded_before: string;
}

/** A version of a model's price (migrations/20261208020000_cost_and_budgets.ts). */
export interface ModelPriceRow {
  id: string;
  provider_kind: string;
  model: string;
  effective_from: Date;
  input_microusd_per_mtok: string | number;
  cached_input_microusd_per_mtok: string | number;
  output_microusd_per_mtok: string | number;
  created_by: string | null;
  created_at: Date;
}

/** A monthly budget of an account (api_key_id NULL) or of one of its keys. */
export interface BudgetRow {
  id: string;
  account_id: string;
  api_key_id: string | null;
  monthly_limit_microusd: string | number;
  alert_percent: number;
  /** migrations/20261209100000_budget_unpriced_models.ts */
  unpriced_models: 'allow' | 'refuse';
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** What a budget's month has spent and holds reserved by requests in flight. */
export interface BudgetPeriodRow {
  budget_id: string;
  month: Date | string;
  spent_microusd: string | number;
  reserved_microusd: string | number;
}

/** A soft-threshold crossing, e-mailed by the worker (sent_at set once sent). */
export interface BudgetAlertRow {
  budget_id: string;
  month: Date | string;
  account_id: string;
  spent_microusd: string | number;
  limit_microusd: string | number;
  alert_percent: number;
  crossed_at: Date;
  sent_at: Date | null;
}

export interface GatewayFullLogRow {
  request_id: string;
  created_at: Date;
  account_id: string;
  nonce: Buffer;
  auth_tag: Buffer;
  ciphertext: Buffer;
}

export interface AuditLogRow {
  id: number;
  created_at: Date;
  /** No foreign key: entries outlive the account they are about. */
  account_id: string | null;
  actor_type: AuditActorType;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** Never personal data or secrets: IDs, counts and settings only. */
  summary: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export interface AuditArchiveRow {
  id: number;
  region: Region;
  /** A `date` column: pg reads it as local midnight; select `to_char(day, 'YYYY-MM-DD')` for the civil date. */
  day: Date;
  first_entry_id: number | null;
  last_entry_id: number | null;
  entry_count: number;
  segment_key: string;
  segment_sha256: string;
  manifest_key: string;
  manifest_sha256: string;
  previous_manifest_sha256: string;
  chain_last_hash: string;
  /** The S3 versions written (null where the bucket keeps no versions); verification reads these. */
  segment_version_id: string | null;
  manifest_version_id: string | null;
  created_at: Date;
}

export type DsrChannel = 'member' | 'public' | 'child-report';

export type ChildReportStatus = 'awaiting-verification' | 'open' | 'confirmed' | 'rejected';

/** A report that a user is under 16 (migrations/20261208060000_children.ts). */
export interface ChildReportRow {
  id: string;
  status: ChildReportStatus;
  /** Personal data: cleared once the report is decided and the reporter told. */
  reporter_email: string | null;
  subject_email: string | null;
  details: string | null;
  verification_token_hash: string | null;
  verification_expires_at: Date | null;
  verified_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  /** The erasure request a confirmation started. */
  request_id: string | null;
  /** The region whose database holds the erasure request (the reported user's home region). */
  request_region: Region | null;
  created_at: Date;
}

export interface DsrRow {
  id: string;
  /** The account the request concerns when known; NULL for public ones until matched. */
  account_id: string | null;
  subject_user_id: string | null;
  type: DsrType;
  jurisdiction: Jurisdiction;
  status: string;
  channel: DsrChannel;
  /** Needed to reach the subject; anonymised when the request is closed and its retention ends. */
  subject_email: string | null;
  details: Record<string, unknown>;
  received_at: Date;
  /** 30 calendar days from receipt, as our privacy policy promises. */
  promised_due_at: Date;
  legal_due_at: Date;
  extended_due_at: Date | null;
  verification_token_hash: string | null;
  verification_expires_at: Date | null;
  verified_at: Date | null;
  acknowledged_at: Date | null;
  closed_at: Date | null;
  closing_reason: string | null;
  outcome: Record<string, unknown>;
  workflow_id: string | null;
}

export type DsrEventKind = 'note' | 'extension' | 'decision';
export type DsrEventStatus = 'recorded' | 'applied' | 'refused';

export interface DsrEventRow {
  id: string;
  request_id: string;
  kind: DsrEventKind;
  operator_id: string | null;
  /** Operator text (reasons, notes, legal bases): may name people, so it lives here and never in Temporal. */
  body: Record<string, unknown>;
  status: DsrEventStatus;
  created_at: Date;
}

export interface ProcessingRestrictionRow {
  id: string;
  request_id: string;
  account_id: string | null;
  user_id: string | null;
  kind: 'restriction' | 'objection';
  scope: string[];
  created_at: Date;
  lifted_at: Date | null;
}

export interface DsrProcessorNoticeRow {
  request_id: string;
  processor: string;
  action: string;
  notified_at: Date;
}

export interface ExportScheduleRow {
  id: string;
  account_id: string;
  cron: string;
  categories: string[];
  paused: boolean;
  created_by: string | null;
  created_at: Date;
}

export type ExportKind = 'owner' | 'scheduled' | 'dsr';
export type ExportStatus = 'pending' | 'running' | 'completed' | 'failed';

export interface ExportRow {
  id: string;
  account_id: string | null;
  kind: ExportKind;
  schedule_id: string | null;
  request_id: string | null;
  status: ExportStatus;
  region: Region;
  s3_key: string | null;
  size_bytes: number | null;
  row_counts: Record<string, number>;
  range_from: Date | null;
  range_to: Date | null;
  requested_by: string | null;
  created_at: Date;
  completed_at: Date | null;
  /** When the lifecycle rule removes the archive (EXPORT_ARCHIVE_EXPIRY_DAYS after completion). */
  expires_at: Date | null;
  /** SHA-256 of a public data subject's download token; null for everyone else. */
  download_token_hash: string | null;
  /** Owner log exports: the categories asked for; NULL: the caller decides (schedules, data-subject requests). */
  categories: string[] | null;
  formats: Array<'json' | 'csv'>;
  /** Rows written so far (each format counts), out of rows_total once counted. */
  rows_written: number;
  rows_total: number | null;
}

export interface PrivacyPolicyVersionRow {
  id: string;
  version: string;
  summary: string;
  body: string;
  status: PolicyVersionStatus;
  notices_started_at: Date | null;
  effective_at: Date;
  took_effect_at: Date | null;
  published_by: string | null;
  created_at: Date;
}

export interface PrivacyPolicyNoticeRow {
  version_id: string;
  user_id: string;
  sent_at: Date;
  message_id: string | null;
}

export type AnnouncementKind = 'product_update' | 'security_notice';

export interface AnnouncementRow {
  id: string;
  kind: AnnouncementKind;
  subject: string;
  body: string;
  status: 'sending' | 'sent';
  /** Users mailed, once the workflow has finished. */
  recipients: number | null;
  published_by: string | null;
  created_at: Date;
  completed_at: Date | null;
}

export interface AnnouncementDeliveryRow {
  announcement_id: string;
  user_id: string;
  sent_at: Date;
  message_id: string | null;
}

export interface SentNotificationRow {
  /** Derived from the workflow: IDs only, never an address. */
  idempotency_key: string;
  kind: string;
  /** No foreign key: the record outlives a purged account. */
  account_id: string | null;
  message_id: string | null;
  sent_at: Date;
}

declare module 'knex/types/tables' {
  interface Tables {
    accounts: Knex.CompositeTableType<
      AccountRow,
      Insert<Omit<AccountRow, 'rate_limits'> & { rate_limits: Jsonb<RateLimitOverrides> | null }, 'name'>
    >;
    users: Knex.CompositeTableType<UserRow, Insert<UserRow, 'email' | 'name' | 'password_hash' | 'role'>>;
    sessions: Knex.CompositeTableType<SessionRow, Insert<SessionRow, 'user_id' | 'token_hash' | 'expires_at'>>;
    api_keys: Knex.CompositeTableType<ApiKeyRow, Insert<ApiKeyRow, 'account_id' | 'name' | 'prefix' | 'secret_hash'>>;
    subscriptions: Knex.CompositeTableType<
      SubscriptionRow,
      Insert<SubscriptionRow, 'account_id' | 'stripe_customer_id' | 'plan' | 'status'>
    >;
    stripe_events: Knex.CompositeTableType<StripeEventRow, Insert<StripeEventRow, 'id' | 'type'>>;
    policies: Knex.CompositeTableType<PolicyRow, Insert<PolicyRow, 'account_id' | 'name'>>;
    policy_versions: Knex.CompositeTableType<
      PolicyVersionRow,
      Insert<
        Omit<PolicyVersionRow, 'rules'> & { rules: Jsonb<PolicyRule[]> },
        'policy_id' | 'account_id' | 'version' | 'rules'
      >
    >;
    provider_connections: Knex.CompositeTableType<
      ProviderConnectionRow,
      Insert<ProviderConnectionRow, 'account_id' | 'name' | 'kind' | 'base_url' | 'models'>
    >;
    model_aliases: Knex.CompositeTableType<ModelAliasRow, Insert<ModelAliasRow, 'account_id' | 'name'>>;
    model_alias_targets: Knex.CompositeTableType<
      ModelAliasTargetRow,
      Insert<ModelAliasTargetRow, 'alias_id' | 'account_id' | 'position' | 'connection_id' | 'model'>
    >;
    gateway_requests: Knex.CompositeTableType<
      GatewayRequestRow,
      Insert<
        Omit<GatewayRequestRow, 'created_at'> & { created_at: Date | string },
        'id' | 'created_at' | 'account_id' | 'endpoint' | 'provider' | 'model' | 'verdict' | 'latency_ms' | 'status'
      >
    >;
    gateway_full_logs: Knex.CompositeTableType<
      GatewayFullLogRow,
      Insert<Omit<GatewayFullLogRow, 'created_at'> & { created_at: Date | string }, keyof GatewayFullLogRow>
    >;
    /** Written only by the gateway_requests trigger. */
    gateway_usage_hourly: GatewayUsageHourlyRow;
    gateway_usage_daily: GatewayUsageDailyRow;
    gateway_usage_fold_mark: GatewayUsageFoldMarkRow;
    model_prices: Knex.CompositeTableType<
      ModelPriceRow,
      Insert<
        Omit<ModelPriceRow, 'effective_from'> & { effective_from: Date | string },
        | 'provider_kind'
        | 'model'
        | 'effective_from'
        | 'input_microusd_per_mtok'
        | 'cached_input_microusd_per_mtok'
        | 'output_microusd_per_mtok'
      >
    >;
    budgets: Knex.CompositeTableType<BudgetRow, Insert<BudgetRow, 'account_id' | 'monthly_limit_microusd'>>;
    budget_periods: BudgetPeriodRow;
    budget_alerts: Knex.CompositeTableType<
      BudgetAlertRow,
      Insert<BudgetAlertRow, 'budget_id' | 'month' | 'account_id'>,
      Partial<OrRaw<BudgetAlertRow>>
    >;
    /** The database assigns id, created_at and the chain (and refuses updates and deletes). */
    audit_log: Knex.CompositeTableType<
      AuditLogRow,
      Insert<Omit<AuditLogRow, 'id' | 'created_at' | 'prev_hash' | 'hash'>, 'actor_type' | 'action'>,
      Partial<OrRaw<AuditLogRow>>
    >;
    audit_archives: Knex.CompositeTableType<
      AuditArchiveRow,
      Insert<
        Omit<AuditArchiveRow, 'day'> & { day: Date | string },
        | 'region'
        | 'day'
        | 'entry_count'
        | 'segment_key'
        | 'segment_sha256'
        | 'manifest_key'
        | 'manifest_sha256'
        | 'previous_manifest_sha256'
        | 'chain_last_hash'
      >
    >;
    data_subject_requests: Knex.CompositeTableType<
      DsrRow,
      Insert<DsrRow, 'type' | 'jurisdiction' | 'channel' | 'promised_due_at' | 'legal_due_at'>
    >;
    dsr_events: Knex.CompositeTableType<DsrEventRow, Insert<DsrEventRow, 'request_id' | 'kind'>>;
    child_reports: Knex.CompositeTableType<ChildReportRow, Insert<ChildReportRow, never>>;
    processing_restrictions: Knex.CompositeTableType<
      ProcessingRestrictionRow,
      Insert<ProcessingRestrictionRow, 'request_id' | 'kind' | 'scope'>
    >;
    dsr_processor_notices: Knex.CompositeTableType<
      DsrProcessorNoticeRow,
      Insert<DsrProcessorNoticeRow, 'request_id' | 'processor' | 'action'>
    >;
    export_schedules: Knex.CompositeTableType<
      ExportScheduleRow,
      Insert<ExportScheduleRow, 'account_id' | 'cron' | 'categories'>
    >;
    exports: Knex.CompositeTableType<
      ExportRow,
      Insert<Omit<ExportRow, 'row_counts'> & { row_counts: Jsonb<Record<string, number>> }, 'kind' | 'region'>
    >;
    privacy_policy_versions: Knex.CompositeTableType<
      PrivacyPolicyVersionRow,
      Insert<PrivacyPolicyVersionRow, 'version' | 'summary' | 'body' | 'effective_at'>
    >;
    privacy_policy_notices: Knex.CompositeTableType<
      PrivacyPolicyNoticeRow,
      Insert<PrivacyPolicyNoticeRow, 'version_id' | 'user_id'>
    >;
    announcements: Knex.CompositeTableType<AnnouncementRow, Insert<AnnouncementRow, 'kind' | 'subject' | 'body'>>;
    announcement_deliveries: Knex.CompositeTableType<
      AnnouncementDeliveryRow,
      Insert<AnnouncementDeliveryRow, 'announcement_id' | 'user_id'>
    >;
    directory_accounts: Knex.CompositeTableType<DirectoryAccountRow, DirectoryAccountRow>;
    directory_api_keys: Knex.CompositeTableType<DirectoryApiKeyRow, DirectoryApiKeyRow>;
    directory_users: Knex.CompositeTableType<DirectoryUserRow, Insert<DirectoryUserRow, 'email_hmac' | 'account_id'>>;
    sent_notifications: Knex.CompositeTableType<
      SentNotificationRow,
      Insert<SentNotificationRow, 'idempotency_key' | 'kind'>
    >;
  }
}
