// Every workflow the worker registers. Workflows import activities as types only.
export { accountDeletionWorkflow } from './account-deletion';
export { retentionSweepWorkflow } from './retention-sweep';
export { privacyPolicyNoticeWorkflow } from './privacy-policy-notice';
