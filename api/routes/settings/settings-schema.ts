import { z } from 'zod';
import {
  PLAN_RATE_LIMITS,
  rateLimitsFor,
  retentionDaysFor,
  PLAN_FEATURES,
  planAllowsFullLogging,
} from '../../../platform/billing/plans';
import type { AccountRow } from '../../../platform/database/tables';
import { planSchema, regionSchema } from '../../http/common-schemas';

const rateLimitsSchema = z
  .object({
    requestsPerMinute: z.number().int(),
    tokensPerMinute: z.number().int(),
    concurrentRequests: z.number().int(),
  })
  .meta({ id: 'RateLimits' });

export const settingsSchema = z
  .object({
    plan: planSchema,
    region: regionSchema.meta({ description: "Home region: where the account's logs, archives and workflows live" }),
    regionsAvailable: z.array(regionSchema).meta({ description: 'The home regions the plan offers' }),
    regionLocked: z.boolean().meta({
      description: 'Traffic goes only to provider connections tagged with the home region (e.g. "EU-only")',
    }),
    regionLockAvailable: z.boolean().meta({ description: 'Enterprise only' }),
    fullLogging: z.boolean(),
    fullLoggingAvailable: z.boolean().meta({ description: 'Whether the plan includes full logging' }),
    retentionDays: z.number().int().meta({ description: 'Effective retention of metadata and full logs' }),
    retentionConfigurable: z.boolean().meta({ description: 'Enterprise only' }),
    piiRestore: z.boolean(),
    rateLimits: z
      .object({
        account: rateLimitsSchema.meta({ description: 'For all keys of the account together' }),
        perKey: rateLimitsSchema.meta({ description: 'For each key on its own' }),
        ceiling: rateLimitsSchema.meta({ description: 'The most the plan allows (its defaults but on Enterprise)' }),
      })
      .meta({ description: 'In force across all gateway instances' }),
  })
  .meta({ id: 'Settings' });

/** The account columns the settings show. */
export type SettingsRow = Pick<AccountRow, (typeof SETTINGS_COLUMNS)[number]>;

export const SETTINGS_COLUMNS = [
  'plan',
  'region',
  'region_locked',
  'full_logging',
  'retention_days',
  'pii_restore',
  'rate_limits',
] as const;

export function toSettings(row: SettingsRow): z.input<typeof settingsSchema> {
  return {
    plan: row.plan,
    region: row.region,
    regionsAvailable: [...PLAN_FEATURES[row.plan].regions],
    regionLocked: row.region_locked,
    regionLockAvailable: PLAN_FEATURES[row.plan].regionLock,
    fullLogging: row.full_logging,
    fullLoggingAvailable: planAllowsFullLogging(row.plan),
    retentionDays: retentionDaysFor(row.plan, row.retention_days),
    retentionConfigurable: PLAN_FEATURES[row.plan].retentionDays === null,
    piiRestore: row.pii_restore,
    rateLimits: { ...rateLimitsFor(row.plan, row.rate_limits), ceiling: PLAN_RATE_LIMITS[row.plan].ceiling },
  };
}
