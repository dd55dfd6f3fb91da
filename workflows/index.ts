// Every workflow the worker registers. Workflows import activities as types only.
export { accountDeletionWorkflow } from './account-deletion';
export { accountMoveWorkflow } from './account-move';
export { auditArchiveWorkflow } from './audit-archive';
export { dataSubjectRequestWorkflow } from './data-subject-request';
export { scheduledExportWorkflow } from './scheduled-export';
export { ownerLogExportWorkflow } from './owner-log-export';
export { retentionSweepWorkflow } from './retention-sweep';
export { privacyPolicyNoticeWorkflow } from './privacy-policy-notice';
export { announcementWorkflow } from './announcement';
