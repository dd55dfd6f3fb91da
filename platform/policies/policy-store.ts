import type { Knex } from 'knex';
import type { PolicyRow, PolicyVersionRow } from '../database/tables';
import type { PolicyRule } from './policy-rules';

export type { PolicyRow, PolicyVersionRow };

export function toPolicyView(row: PolicyRow) {
  return {
    id: row.id,
    name: row.name,
    activeVersion: row.active_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toVersionView(row: PolicyVersionRow) {
  return {
    version: row.version,
    rules: row.rules,
    ruleCount: row.rules.length,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** The account's policy, locked for the rest of the transaction (versions are numbered under this lock). */
export function lockPolicy(trx: Knex.Transaction, accountId: string, policyId: string): Promise<PolicyRow | undefined> {
  return trx('policies').where({ id: policyId, account_id: accountId }).forUpdate().first('*');
}

export async function insertVersion(
  trx: Knex.Transaction,
  input: { policyId: string; accountId: string; version: number; rules: PolicyRule[]; createdBy: string },
): Promise<PolicyVersionRow> {
  const [row] = await trx('policy_versions')
    .insert({
      policy_id: input.policyId,
      account_id: input.accountId,
      version: input.version,
      rules: JSON.stringify(input.rules),
      created_by: input.createdBy,
    })
    .returning('*');
  if (!row) throw new Error('policy version insert returned no row');
  return row;
}
