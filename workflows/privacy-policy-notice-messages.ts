// Messages of the privacy-policy notice workflow, imported by the workflow and by its clients.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { PrivacyPolicyNoticeStatus } from '../temporal.config';

export const privacyPolicyNoticeStatus = defineQuery<PrivacyPolicyNoticeStatus>('privacyPolicyNoticeStatus');
/** Operators cancel a version before it takes effect; ignored once it is current. */
export const cancelPrivacyPolicyNotice = defineSignal('cancelPrivacyPolicyNotice');
