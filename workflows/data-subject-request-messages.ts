// Messages of the data-subject request workflow, imported by the workflow and by its clients.
// Operator texts are stored in dsr_events first; these messages carry event IDs only.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  DataSubjectRequestEventRef,
  DataSubjectRequestExtensionResult,
  DataSubjectRequestStatus,
} from '../temporal.config';

export const dataSubjectRequestStatus = defineQuery<DataSubjectRequestStatus>('dataSubjectRequestStatus');
/** The subject followed the verification link. */
export const dataSubjectRequestVerified = defineSignal('dataSubjectRequestVerified');
/** An operator's decision (proceed or refuse, with exceptions). */
export const decideDataSubjectRequest = defineSignal<[DataSubjectRequestEventRef]>('decideDataSubjectRequest');
/** An operator asks for the legal extension; the workflow decides at workflow time and answers. */
export const extendDataSubjectRequest = defineUpdate<DataSubjectRequestExtensionResult, [DataSubjectRequestEventRef]>(
  'extendDataSubjectRequest',
);
