import { accountMovingTo } from '../../platform/regions/account-move';
import type { Database } from '../../platform/database/database';
import { ApiError } from '../errors/api-error';

/** How long a client waits before asking again about an account that is moving (a move takes minutes). */
const MOVE_RETRY_AFTER_SECONDS = 60;

/**
 * While an operator moves an account between regions, nothing about it may be written: a row written in either
 * database between the copy and the switch would be lost. Callers are asked to come back once the move is over,
 * when the directory leads them to the account's new home.
 */
export function accountMovingError(): ApiError {
  return new ApiError(
    'SERVICE_UNAVAILABLE',
    'the account is being moved to another region; nothing about it can change until the move ends, so try again in a few minutes',
    { 'Retry-After': String(MOVE_RETRY_AFTER_SECONDS) },
  );
}

/** Throws accountMovingError when the account (in this database) is moving; nothing for no account. */
export async function refuseWhileMoving(db: Database, accountId: string | null | undefined): Promise<void> {
  if (accountId && (await accountMovingTo(db, accountId))) throw accountMovingError();
}
