import type { PlatformClients } from '../platform/clients/platform-clients';
import { createAccountDeletionActivities } from './account-deletion';
import { createAccountMoveActivities } from './account-move';
import { createAnnouncementActivities } from './announcement';
import { createAuditArchiveActivities } from './audit-archive';
import { createDataSubjectRequestActivities } from './data-subject-request';
import { createExportActivities } from './export';
import { createOwnerLogExportActivities } from './owner-log-export';
import { createPrivacyPolicyNoticeActivities } from './privacy-policy-notice';
import { createRetentionActivities } from './retention';

/** The real clients every activity works with; tests pass the same clients pointed at local servers. */
export type ActivityDeps = PlatformClients;

export function createActivities(deps: ActivityDeps) {
  return {
    ...createAccountDeletionActivities(deps),
    ...createAccountMoveActivities(deps),
    ...createDataSubjectRequestActivities(deps),
    ...createExportActivities(deps),
    ...createOwnerLogExportActivities(deps),
    ...createAuditArchiveActivities(deps),
    ...createRetentionActivities(deps),
    ...createPrivacyPolicyNoticeActivities(deps),
    ...createAnnouncementActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
