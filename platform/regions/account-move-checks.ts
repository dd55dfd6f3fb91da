import { planAllowsRegion, regionNotInPlanMessage } from '../billing/plans';
import type { Region } from '../config/config';
import { DomainError } from '../errors/domain-error';
import { moveBlockers } from './account-move';
import { regionOfAccount } from './directory';
import type { RegionalDatabases } from './regional-databases';

/**
 * Whether an account can be moved to `to` now, checked where it lives before a move starts (the operator's
 * route and `autrace account move` both ask here; the workflow's freeze checks again under a lock). Answers the
 * region it moves from; an unknown account is `AccountNotFound`, any other refusal `AccountMoveRefused`, and
 * nothing is changed either way.
 */
export async function checkAccountMove(
  regions: RegionalDatabases,
  accountId: string,
  to: Region,
): Promise<{ from: Region; to: Region }> {
  const home = (await regionOfAccount(regions.directory, accountId)) ?? regions.primaryRegion;
  const db = regions.of(home);
  const account = await db('accounts').where({ id: accountId }).first('status', 'plan', 'region', 'moving_to');
  if (!account) throw new DomainError('AccountNotFound', 'no such account');
  if (account.moving_to)
    throw new DomainError('AccountMoveRefused', `the account is being moved to ${account.moving_to} already`);
  if (account.region === to) throw new DomainError('AccountMoveRefused', `the account is homed in ${to} already`);
  if (account.status !== 'active') throw new DomainError('AccountMoveRefused', 'only an active account is moved');
  const blockers = await moveBlockers(db, accountId);
  if (blockers.length)
    throw new DomainError('AccountMoveRefused', `the account cannot move while it has ${blockers.join(', ')}`);
  if (!planAllowsRegion(account.plan, to))
    throw new DomainError('AccountMoveRefused', regionNotInPlanMessage(account.plan, to));
  return { from: account.region, to };
}
