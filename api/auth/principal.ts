import type { AccountRole } from '../../platform/accounts/roles';
import type { AuditActorType } from '../../platform/audit/audit-trail';
import type { Region } from '../../platform/config/config';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  accountId: string;
  role: AccountRole;
  /** 'disabled' while a deletion is pending: only routes with allowDisabledAccount accept it. */
  accountStatus: 'active' | 'disabled';
  /** The region an operator is moving the account to: only routes with allowDuringMove accept it. */
  accountMovingTo: Region | null;
  sessionId: string;
}

/** Our own staff: they belong to no customer account. */
export interface OperatorPrincipal {
  kind: 'operator';
  userId: string;
  sessionId: string;
}

export type Principal = UserPrincipal | OperatorPrincipal;

/** Who an audit entry names as the actor of a request's change. */
export function auditActor(principal: Principal): { actorType: AuditActorType; actorId: string } {
  return { actorType: principal.kind === 'operator' ? 'operator' : 'user', actorId: principal.userId };
}
