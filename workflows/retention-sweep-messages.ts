// Messages of the retention sweep workflow, imported by the workflow and by its clients.
import { defineQuery } from '@temporalio/workflow';
import type { RetentionSweepStatus } from '../temporal.config';

export const retentionSweepStatus = defineQuery<RetentionSweepStatus>('retentionSweepStatus');
