/** Roles a user holds within an account; staff are `operator`s and belong to no account. */
export const ACCOUNT_ROLES = ['owner', 'admin', 'member'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
