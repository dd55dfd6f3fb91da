// Messages of the announcement workflow, imported by the workflow and by its clients.
import { defineQuery } from '@temporalio/workflow';
import type { AnnouncementStatus } from '../temporal.config';

export const announcementStatus = defineQuery<AnnouncementStatus>('announcementStatus');
