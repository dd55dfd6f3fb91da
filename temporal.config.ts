/**
 * The one place for Temporal names and defaults, imported by the API, the
 * worker, the workflows and the tests. Workflow-safe: no Node built-ins here.
 */
import { defineSearchAttributeKey, SearchAttributeType, type RetryPolicy } from '@temporalio/common';
// A type only: the workflow bundle must not pull in the config module (zod, process.env).
import type { Region } from './platform/config/config';

export const DEFAULT_NAMESPACE = 'default';

/** Workflows of an account run on its home region's task queue, next to that region's data. */
export function taskQueueFor(region: Region): string {
  return `autrace-${region}`;
}

/** Kinds of workflow, as shown in the AutraceWorkflowKind search attribute. */
export const WORKFLOW_KINDS = [
  'account-deletion',
  'retention-sweep',
  'data-subject-request',
  'privacy-policy-notice',
  'announcement',
  'scheduled-export',
  'owner-log-export',
  'audit-archive',
  'account-move',
  'smoke',
] as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];

/** Workflow IDs are derived from the thing they act on, so a second start finds the running one. */
export const workflowIds = {
  accountDeletion: (accountId: string) => `account-deletion-${accountId}`,
  retentionSweep: (region: Region) => `retention-sweep-${region}`,
  dataSubjectRequest: (requestId: string) => `data-subject-request-${requestId}`,
  privacyPolicyNotice: (versionId: string) => `privacy-policy-notice-${versionId}`,
  announcement: (announcementId: string) => `announcement-${announcementId}`,
  scheduledExport: (scheduleId: string) => `scheduled-export-${scheduleId}`,
  ownerLogExport: (exportId: string) => `owner-log-export-${exportId}`,
  auditArchive: (region: Region) => `audit-archive-${region}`,
  accountMove: (accountId: string) => `account-move-${accountId}`,
} as const;

/**
 * Moves between regions run here, polled only by a worker serving every region (activities/worker/main.ts):
 * their activities hold both regions' databases.
 */
export const ACCOUNT_MOVE_TASK_QUEUE = 'autrace-moves';

/** Temporal Schedule IDs. */
export const scheduleIds = {
  retentionSweep: (region: Region) => `retention-sweep-${region}`,
  auditArchive: (region: Region) => `audit-archive-${region}`,
  scheduledExport: (scheduleId: string) => `scheduled-export-${scheduleId}`,
} as const;

/**
 * Search attributes operators filter by in the Temporal UI. Never personal data:
 * IDs, kinds, statuses and dates only.
 */
export const searchAttributes = {
  accountId: defineSearchAttributeKey('AutraceAccountId', SearchAttributeType.KEYWORD),
  workflowKind: defineSearchAttributeKey('AutraceWorkflowKind', SearchAttributeType.KEYWORD),
  requestType: defineSearchAttributeKey('AutraceRequestType', SearchAttributeType.KEYWORD),
  status: defineSearchAttributeKey('AutraceStatus', SearchAttributeType.KEYWORD),
  dueAt: defineSearchAttributeKey('AutraceDueAt', SearchAttributeType.DATETIME),
} as const;

export const ALL_SEARCH_ATTRIBUTES = Object.values(searchAttributes);

/** Retry policies by kind of side effect. */
export const retryPolicies = {
  /** Short database calls: retry quickly, give up on nothing transient. */
  database: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  /** E-mail: the SMTP server may be down for a while; keep trying for hours. */
  mail: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
  /** Object storage uploads and deletes. */
  storage: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m' },
  /** Payment provider calls. */
  payments: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
} satisfies Record<string, RetryPolicy>;

/** Activity option presets for proxyActivities, grouped by kind. */
export const activityOptions = {
  database: { startToCloseTimeout: '1m', retry: retryPolicies.database },
  /** Batches over many rows (sweeps, notices): longer, with heartbeats. */
  batch: { startToCloseTimeout: '10m', heartbeatTimeout: '1m', retry: retryPolicies.database },
  mail: { startToCloseTimeout: '1m', retry: retryPolicies.mail },
  storage: { startToCloseTimeout: '30m', heartbeatTimeout: '1m', retry: retryPolicies.storage },
  payments: { startToCloseTimeout: '1m', retry: retryPolicies.payments },
} as const;

// ---------------------------------------------------------------------------
// Inputs, results and message payloads of the workflows. The messages themselves
// are defined beside each workflow (`workflows/<name>-messages.ts`); their shapes
// live here because activities and the shared core use them too, and neither may
// import workflows/. Inputs carry IDs only: the workflow reads everything else
// from the database through activities, so no personal data sits in Temporal's history.

/** Input of the account deletion workflow (ID: workflowIds.accountDeletion). */
export interface AccountDeletionInput {
  accountId: string;
  /** The user who asked; recorded in the audit trail, never shown in Temporal. */
  requestedByUserId: string;
}

export type AccountDeletionState = 'grace-period' | 'purging' | 'purged' | 'cancelled';

export interface AccountDeletionStatus {
  accountId: string;
  state: AccountDeletionState;
  requestedAt: string;
  /** When the purge starts (end of the 90-day grace period), ISO 8601. */
  purgeAt: string;
  completedPurgeSteps: string[];
}

export interface CancelAccountDeletionInput {
  cancelledByUserId: string;
}

/** Input of one retention sweep of a region (the Schedule's action). */
export interface RetentionSweepInput {
  region: Region;
  /** The sweep's reference time; defaults to the workflow's start. */
  asOf?: string;
}

export interface RetentionSweepTotals {
  accounts: number;
  metadataRows: number;
  fullLogRows: number;
  partitionsDropped: number;
}

export interface RetentionSweepStatus {
  region: Region;
  state: 'sweeping' | 'completed';
  asOf: string;
  totals: RetentionSweepTotals;
}

/** Input of the data-subject request workflow (ID: workflowIds.dataSubjectRequest). */
export interface DataSubjectRequestInput {
  requestId: string;
}

/** Input of an owner's log export (ID: workflowIds.ownerLogExport); the rest is on the `exports` row. */
export interface OwnerLogExportInput {
  exportId: string;
}

/** Input of the privacy-policy notice workflow (ID: workflowIds.privacyPolicyNotice). */
export interface PrivacyPolicyNoticeInput {
  versionId: string;
  /**
   * The regions whose users are notified, grouped by the database holding them, one group after the
   * other, each by activities on its first region's task queue (so in its own database). Absent in runs
   * started before notices went out per region: those notify the users of the database of the queue
   * they run on.
   */
  regions?: Region[][];
  /** Carried across continue-as-new: the group being notified (index into `regions`), the last user notified there, and counts so far. */
  regionIndex?: number;
  afterUserId?: string;
  sent?: number;
  /** Users per notice batch (one activity); defaults in the workflow. */
  batchSize?: number;
}

export type PrivacyPolicyNoticeState = 'notifying' | 'scheduled' | 'current' | 'cancelled';

export interface PrivacyPolicyNoticeStatus {
  versionId: string;
  state: PrivacyPolicyNoticeState;
  effectiveAt: string | null;
  noticesSent: number;
}

/** Input of the announcement workflow (ID: workflowIds.announcement); the rest is on the `announcements` row. */
export interface AnnouncementInput {
  announcementId: string;
  /**
   * The regions whose users are mailed, grouped by the database holding them, one group after the
   * other, each by activities on its first region's task queue (so in its own database). Absent in runs
   * started before announcements went out per region: those mail the users of the database of the
   * queue they run on.
   */
  regions?: Region[][];
  /**
   * Carried across continue-as-new: the group being mailed (index into `regions`), the last user
   * reached there, mails sent so far, and the users reached in the groups already completed.
   */
  regionIndex?: number;
  afterUserId?: string;
  sent?: number;
  recipients?: number;
  /** Users per batch (one activity); defaults in the workflow. */
  batchSize?: number;
}

export interface AnnouncementStatus {
  announcementId: string;
  state: 'sending' | 'sent';
  /** Mails sent by this workflow so far; once sent, the users mailed as counted from the delivery records. */
  sent: number;
}

/** Notices go out at least this long before a privacy-policy version takes effect. */
export const PRIVACY_POLICY_NOTICE_MIN_DAYS = 14;

/** Input of one scheduled export run (the Schedule's action). */
export interface ScheduledExportInput {
  scheduleId: string;
}

// ---------------------------------------------------------------------------
// Privacy: data-subject requests and the audit archive.

/** Input of an operator's move of an account between regions (ID: workflowIds.accountMove). */
export interface AccountMoveInput {
  accountId: string;
  from: Region;
  to: Region;
  /** The operator who started it; recorded in the audit trail. */
  operatorId: string;
}

export type AccountMoveState =
  'freezing' | 'copying' | 'verifying' | 'abandoning' | 'abandoned' | 'switching' | 'purging' | 'moved';

/** Input of the daily audit archive run (ID: workflowIds.auditArchive). */
export interface AuditArchiveInput {
  region: Region;
}

export type DataSubjectRequestState =
  'received' | 'awaiting-verification' | 'in-progress' | 'awaiting-decision' | 'answered' | 'expired' | 'refused';

/** Returned by the dataSubjectRequestStatus query. Dates ISO 8601; no personal data. */
export interface DataSubjectRequestStatus {
  requestId: string;
  state: DataSubjectRequestState;
  type: string;
  jurisdiction: string;
  /** The date we work to: the earlier of the promise and the law, or the extended legal date. */
  dueAt: string;
  legalDueAt: string;
  extended: boolean;
  completedSteps: string[];
  operatorAlerts: string[];
}

/**
 * Operator actions are stored in the database first (dsr_events: reason, exception
 * and decision texts), then passed to the workflow by event ID only.
 */
export interface DataSubjectRequestEventRef {
  eventId: string;
  operatorId: string;
}

export interface DataSubjectRequestExtensionResult {
  allowed: boolean;
  reason?: string;
  dueAt?: string;
}
