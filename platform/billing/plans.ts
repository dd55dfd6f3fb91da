import type { Region } from '../config/config';

export const PLANS = ['free', 'starter', 'growth', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export interface PlanFeatures {
  /** Days metadata and full logs are kept; NULL where the account configures it (Enterprise). */
  retentionDays: number | null;
  fullLogging: boolean;
  /** The home regions an account on the plan may choose (privacy policy, section 5). */
  regions: readonly Region[];
  /** Whether the account may lock itself to its region ("EU-only", "US-only", "APAC-only"). */
  regionLock: boolean;
}

export const PLAN_FEATURES: Record<Plan, PlanFeatures> = {
  free: { retentionDays: 7, fullLogging: false, regions: ['eu', 'us'], regionLock: false },
  starter: { retentionDays: 30, fullLogging: true, regions: ['eu', 'us'], regionLock: false },
  growth: { retentionDays: 90, fullLogging: true, regions: ['eu', 'us'], regionLock: false },
  enterprise: { retentionDays: null, fullLogging: true, regions: ['eu', 'us', 'apac'], regionLock: true },
};

export function planAllowsRegion(plan: Plan, region: Region): boolean {
  return PLAN_FEATURES[plan].regions.includes(region);
}

/** Why `region` is not open to `plan`, in words for the caller. */
export function regionNotInPlanMessage(plan: Plan, region: Region): string {
  return `the ${region.toUpperCase()} region is not available on the ${plan} plan (${PLAN_FEATURES[plan].regions
    .map((r) => r.toUpperCase())
    .join(' or ')}); APAC is an Enterprise option`;
}

/** Bounds of an Enterprise account's own retention setting. */
export const ENTERPRISE_RETENTION_BOUNDS = { min: 1, max: 730, default: 365 } as const;

export function retentionDaysFor(plan: Plan, accountRetentionDays: number | null): number {
  const fromPlan = PLAN_FEATURES[plan].retentionDays;
  if (fromPlan !== null) return fromPlan;
  const configured = accountRetentionDays ?? ENTERPRISE_RETENTION_BOUNDS.default;
  return Math.min(Math.max(configured, ENTERPRISE_RETENTION_BOUNDS.min), ENTERPRISE_RETENTION_BOUNDS.max);
}

export function planAllowsFullLogging(plan: Plan): boolean {
  return PLAN_FEATURES[plan].fullLogging;
}

/** One set of rate limits: requests and tokens per minute, and requests in flight at once. */
export interface RateLimits {
  requestsPerMinute: number;
  tokensPerMinute: number;
  concurrentRequests: number;
}

export const RATE_LIMIT_FIELDS = ['requestsPerMinute', 'tokensPerMinute', 'concurrentRequests'] as const;

/**
 * Per plan: the defaults, which are also the most an account can set on Starter and Growth (an account
 * may lower them, for itself or for each of its keys). Enterprise accounts set their own, up to the ceiling.
 */
export const PLAN_RATE_LIMITS: Record<Plan, { defaults: RateLimits; ceiling: RateLimits }> = {
  free: {
    defaults: { requestsPerMinute: 60, tokensPerMinute: 40_000, concurrentRequests: 5 },
    ceiling: { requestsPerMinute: 60, tokensPerMinute: 40_000, concurrentRequests: 5 },
  },
  starter: {
    defaults: { requestsPerMinute: 600, tokensPerMinute: 400_000, concurrentRequests: 25 },
    ceiling: { requestsPerMinute: 600, tokensPerMinute: 400_000, concurrentRequests: 25 },
  },
  growth: {
    defaults: { requestsPerMinute: 3_000, tokensPerMinute: 2_000_000, concurrentRequests: 100 },
    ceiling: { requestsPerMinute: 3_000, tokensPerMinute: 2_000_000, concurrentRequests: 100 },
  },
  enterprise: {
    defaults: { requestsPerMinute: 10_000, tokensPerMinute: 10_000_000, concurrentRequests: 500 },
    ceiling: { requestsPerMinute: 1_000_000, tokensPerMinute: 1_000_000_000, concurrentRequests: 10_000 },
  },
};

/** What an account stored (accounts.limits): overrides for the account as a whole and for each of its keys. */
export interface RateLimitOverrides {
  account?: Partial<RateLimits>;
  perKey?: Partial<RateLimits>;
}

export interface EffectiveRateLimits {
  account: RateLimits;
  perKey: RateLimits;
}

function effective(plan: Plan, overrides: Partial<RateLimits> | undefined): RateLimits {
  const { defaults, ceiling } = PLAN_RATE_LIMITS[plan];
  const out = { ...defaults };
  for (const field of RATE_LIMIT_FIELDS) {
    const value = overrides?.[field];
    // A plan change can leave a stored value above the new plan's ceiling: the ceiling wins.
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1)
      out[field] = Math.min(value, ceiling[field]);
  }
  return out;
}

/** The limits in force for an account and each of its keys (a key's never above its account's). */
export function rateLimitsFor(plan: Plan, overrides: RateLimitOverrides | null): EffectiveRateLimits {
  const account = effective(plan, overrides?.account);
  const perKey = effective(plan, overrides?.perKey);
  for (const field of RATE_LIMIT_FIELDS) perKey[field] = Math.min(perKey[field], account[field]);
  return { account, perKey };
}
