import type Stripe from 'stripe';
import type { Config } from '../platform/config/config';
import type { Database } from '../platform/database/database';
import type { Mailer } from '../platform/mail/mailer';
import type { Logger } from '../platform/observability/logger';
import type { ObjectStorage } from '../platform/storage/object-storage';
import { createAccountDeletionActivities } from './account-deletion';
import { createAuditArchiveActivities } from './audit-archive';
import { createDataSubjectRequestActivities } from './data-subject-request';
import { createExportActivities } from './export';
import { createPrivacyPolicyNoticeActivities } from './privacy-policy-notice';
import { createRetentionActivities } from './retention';

/** The real clients every activity works with; tests pass the same clients pointed at local servers. */
export interface ActivityDeps {
  config: Config;
  db: Database;
  storage: ObjectStorage;
  mailer: Mailer;
  stripe: Stripe;
  logger: Logger;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createAccountDeletionActivities(deps),
    ...createDataSubjectRequestActivities(deps),
    ...createExportActivities(deps),
    ...createAuditArchiveActivities(deps),
    ...createRetentionActivities(deps),
    ...createPrivacyPolicyNoticeActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
