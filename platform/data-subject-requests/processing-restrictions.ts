import type { Knex } from 'knex';
import type { Database } from '../database/database';

/** What a restriction or objection stops (the `scope` of a `processing_restrictions` row). */
export type RestrictedProcessing = 'full_logging' | 'marketing';

/**
 * The restrictions in force (not lifted) on the account's current users for
 * one kind of processing, oldest first: what would start that processing
 * (turning full logging on) asks first.
 */
export async function restrictionsInForce(
  db: Database | Knex.Transaction,
  where: { accountId: string },
  processing: RestrictedProcessing,
): Promise<Array<{ requestId: string }>> {
  const query = db('processing_restrictions')
    .join('users', 'users.id', 'processing_restrictions.user_id')
    .where('users.account_id', where.accountId)
    .whereNull('processing_restrictions.lifted_at')
    .whereRaw('? = any(processing_restrictions.scope)', [processing])
    .orderBy('processing_restrictions.created_at');
  const rows: Array<{ request_id: string }> = await query.select('processing_restrictions.request_id');
  return rows.map((row) => ({ requestId: row.request_id }));
}
