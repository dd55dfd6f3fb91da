import type { Knex } from 'knex';
import type { Region } from '../config/config';
import { DomainError } from '../errors/domain-error';

/** How long a caller waits before asking again about an account that is moving (a move takes minutes). */
export const ACCOUNT_MOVING_RETRY_AFTER_SECONDS = 60;

export function accountMovingFailure(): DomainError {
  return new DomainError(
    'AccountMoving',
    'the account is being moved to another region; nothing about it can change until the move ends, so try again in a few minutes',
  );
}

/**
 * The account's row, share-locked for the transaction that changes something of the account: a move's freeze
 * (which locks the row for update) waits for the change to commit, so its copy holds it; a change after the
 * freeze is refused (AccountMoving), since the copy may already have passed its table. Undefined for no account.
 */
export async function lockAccountNotMoving(
  trx: Knex | Knex.Transaction,
  accountId: string,
): Promise<{ region: Region } | undefined> {
  const account = await trx('accounts').select('region', 'moving_to').where({ id: accountId }).forShare().first();
  if (account?.moving_to) throw accountMovingFailure();
  return account;
}
