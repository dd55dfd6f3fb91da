// Messages of the account deletion workflow, imported by the workflow and by its clients.
// Definitions only: importing this file loads no workflow code.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AccountDeletionStatus, CancelAccountDeletionInput } from '../temporal.config';

/** The owner cancels during the grace period; ignored once the purge has begun. */
export const cancelAccountDeletion = defineSignal<[CancelAccountDeletionInput]>('cancelAccountDeletion');
export const accountDeletionStatus = defineQuery<AccountDeletionStatus>('accountDeletionStatus');
