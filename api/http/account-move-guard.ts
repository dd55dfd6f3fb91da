import { accountMovingTo } from '../../platform/regions/account-move';
import { accountMovingFailure } from '../../platform/regions/moving-accounts';
import type { Database } from '../../platform/database/database';
import { expectedApiError, type ApiError } from '../errors/api-error';

/**
 * While an operator moves an account between regions, nothing about it may be written: a row written in either
 * database between the copy and the switch would be lost. Callers are asked to come back once the move is over,
 * when the directory leads them to the account's new home.
 */
export function accountMovingError(): ApiError {
  const error = expectedApiError(accountMovingFailure());
  if (!error) throw new Error('AccountMoving is an expected API error');
  return error;
}

/** Throws accountMovingError when the account (in this database) is moving; nothing for no account. */
export async function refuseWhileMoving(db: Database, accountId: string | null | undefined): Promise<void> {
  if (accountId && (await accountMovingTo(db, accountId))) throw accountMovingError();
}
