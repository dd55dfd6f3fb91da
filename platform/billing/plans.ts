export const PLANS = ['free', 'starter', 'growth', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

export interface PlanFeatures {
  /** Days metadata and full logs are kept; NULL where the account configures it (Enterprise). */
  retentionDays: number | null;
  fullLogging: boolean;
}

export const PLAN_FEATURES: Record<Plan, PlanFeatures> = {
  free: { retentionDays: 7, fullLogging: false },
  starter: { retentionDays: 30, fullLogging: true },
  growth: { retentionDays: 90, fullLogging: true },
  enterprise: { retentionDays: null, fullLogging: true },
};

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
