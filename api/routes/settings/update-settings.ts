import { z } from 'zod';
import { recordAudit } from '../../../platform/audit/audit-trail';
import {
  ENTERPRISE_RETENTION_BOUNDS,
  PLAN_FEATURES,
  PLAN_RATE_LIMITS,
  planAllowsFullLogging,
  planAllowsRegion,
  RATE_LIMIT_FIELDS,
  regionNotInPlanMessage,
  type RateLimitOverrides,
} from '../../../platform/billing/plans';
import { restrictionsInForce } from '../../../platform/data-subject-requests/processing-restrictions';
import { auditActor } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { defineRoute } from '../../http/define-route';
import { regionSchema } from '../../http/common-schemas';
import { SETTINGS_COLUMNS, settingsSchema, toSettings } from './settings-schema';

const limitValue = z.number().int().min(1).nullable().optional();
const limitSetSchema = z.strictObject({
  requestsPerMinute: limitValue,
  tokensPerMinute: limitValue,
  concurrentRequests: limitValue,
});

/** The stored overrides after a change: a number sets a field, null puts it back to the plan's default. */
function mergeRateLimits(
  current: RateLimitOverrides | null,
  change: { account?: z.infer<typeof limitSetSchema>; perKey?: z.infer<typeof limitSetSchema> },
): RateLimitOverrides | null {
  const next: RateLimitOverrides = {};
  for (const scope of ['account', 'perKey'] as const) {
    const merged = { ...current?.[scope] };
    for (const field of RATE_LIMIT_FIELDS) {
      const value = change[scope]?.[field];
      if (value === null) delete merged[field];
      else if (value !== undefined) merged[field] = value;
    }
    if (Object.keys(merged).length > 0) next[scope] = merged;
  }
  return Object.keys(next).length > 0 ? next : null;
}

const COLUMN_OF = {
  fullLogging: 'full_logging',
  retentionDays: 'retention_days',
  region: 'region',
  regionLocked: 'region_locked',
  piiRestore: 'pii_restore',
} as const;

export const updateSettingsRoute = defineRoute({
  method: 'patch',
  path: '/v1/settings',
  summary: 'Change full logging, Enterprise retention, home region, region lock, PII restore or rate limits',
  description:
    'Full logging only on plans that include it. Retention days only on Enterprise, within bounds. ' +
    'The home region only by the owner, only among the regions of the plan (APAC on Enterprise) and only ' +
    'before the account has any logs (they stay where they were written). The region lock only on Enterprise, ' +
    'by the owner.',
  tags: ['settings'],
  auth: 'user',
  roles: ['owner', 'admin'],
  request: {
    body: z
      .strictObject({
        fullLogging: z.boolean().optional(),
        retentionDays: z
          .number()
          .int()
          .min(ENTERPRISE_RETENTION_BOUNDS.min)
          .max(ENTERPRISE_RETENTION_BOUNDS.max)
          .optional(),
        region: regionSchema.optional(),
        regionLocked: z.boolean().optional(),
        piiRestore: z.boolean().optional(),
        rateLimits: z
          .strictObject({ account: limitSetSchema.optional(), perKey: limitSetSchema.optional() })
          .optional()
          .meta({
            description: "Lower the plan's limits (Enterprise: set them up to the ceiling); null restores a default",
          }),
      })
      .refine((b) => Object.values(b).some((v) => v !== undefined), 'change at least one setting'),
  },
  responses: {
    200: { description: 'The settings after the change', schema: settingsSchema },
    409: {
      description: 'Not allowed on this plan or now (e.g. full logging while a restriction of processing is in force)',
    },
  },
  async handler({ body, principal, deps }) {
    const settings = await deps.db.transaction(async (trx) => {
      const current = await trx('accounts')
        .where({ id: principal.accountId })
        .forUpdate()
        .first(...SETTINGS_COLUMNS);
      if (!current) throw new Error('authenticated account has no row');
      if (body.fullLogging === true && !planAllowsFullLogging(current.plan))
        throw new ApiError('CONFLICT', `the ${current.plan} plan does not include full logging`);
      if (body.fullLogging === true && !current.full_logging) {
        const [restriction] = await restrictionsInForce(trx, { accountId: principal.accountId }, 'full_logging');
        if (restriction)
          throw new ApiError(
            'CONFLICT',
            `full logging stays off while a restriction of processing is in force (privacy request ${restriction.requestId})`,
          );
      }
      if (body.retentionDays !== undefined && PLAN_FEATURES[current.plan].retentionDays !== null)
        throw new ApiError(
          'CONFLICT',
          `retention is fixed by the ${current.plan} plan; only Enterprise accounts configure it`,
        );
      if (body.region !== undefined && body.region !== current.region) {
        if (principal.role !== 'owner') throw new ApiError('FORBIDDEN', 'only the owner changes the home region');
        if (!planAllowsRegion(current.plan, body.region))
          throw new ApiError('CONFLICT', regionNotInPlanMessage(current.plan, body.region));
        const hasLogs = await trx('gateway_requests').where({ account_id: principal.accountId }).first('id');
        if (hasLogs) throw new ApiError('CONFLICT', 'the home region cannot change once the account has gateway logs');
      }
      if (body.regionLocked !== undefined && body.regionLocked !== current.region_locked) {
        if (principal.role !== 'owner') throw new ApiError('FORBIDDEN', 'only the owner changes the region lock');
        if (body.regionLocked && !PLAN_FEATURES[current.plan].regionLock)
          throw new ApiError('CONFLICT', `the region lock is an Enterprise option, not on the ${current.plan} plan`);
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const update: Record<string, unknown> = {};
      if (body.rateLimits) {
        const ceiling = PLAN_RATE_LIMITS[current.plan].ceiling;
        for (const scope of ['account', 'perKey'] as const)
          for (const field of RATE_LIMIT_FIELDS) {
            const value = body.rateLimits[scope]?.[field];
            if (typeof value === 'number' && value > ceiling[field])
              throw new ApiError(
                'BAD_REQUEST',
                `body.rateLimits.${scope}.${field}: at most ${ceiling[field]} on the ${current.plan} plan`,
              );
          }
        const next = mergeRateLimits(current.rate_limits, body.rateLimits);
        if (JSON.stringify(next) !== JSON.stringify(current.rate_limits)) {
          changes.rateLimits = { from: current.rate_limits, to: next };
          update.rate_limits = next === null ? null : JSON.stringify(next);
        }
      }
      for (const [field, column] of Object.entries(COLUMN_OF) as Array<
        [keyof typeof COLUMN_OF, (typeof COLUMN_OF)[keyof typeof COLUMN_OF]]
      >) {
        const value = body[field];
        if (value === undefined || value === current[column]) continue;
        changes[field] = { from: current[column], to: value };
        update[column] = value;
      }
      if (Object.keys(update).length === 0) return current;
      const [updated] = await trx('accounts')
        .where({ id: principal.accountId })
        .update({ ...update, updated_at: trx.fn.now() })
        .returning([...SETTINGS_COLUMNS]);
      await recordAudit(trx, {
        accountId: principal.accountId,
        ...auditActor(principal),
        action: 'settings.updated',
        targetType: 'account',
        targetId: principal.accountId,
        summary: { changes },
      });
      return updated ?? current;
    });
    return { status: 200, body: toSettings(settings) };
  },
});
