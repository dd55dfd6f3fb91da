import type { Knex } from 'knex';
import type { Database } from '../database/database';

/**
 * Whose data a request reaches. A request is about one person. The account's
 * own data (its gateway logs and full logs, keys, policies, billing and
 * settings) belongs to the customer, who is the controller of it; it is that
 * person's data only when they are the account's sole user. A member of a
 * shared account gets their own rows, and the answer names the rest as held
 * for the account.
 */
export const HELD_FOR_ACCOUNT_NOTE =
  'held for the account (the controller): the account has other users, so these categories are not released to one of them';

/** True when the subject is the only user of their account: the account's data is then theirs alone. */
export async function isSoleUser(db: Database | Knex.Transaction, accountId: string): Promise<boolean> {
  const row = await db('users').where({ account_id: accountId }).count({ n: '*' }).first();
  return Number(row?.n ?? 0) === 1;
}
