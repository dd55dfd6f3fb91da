import type { Knex } from 'knex';

/**
 * What a budget does with a model that has no price (its cost unknown): `allow` lets it through uncharged, as
 * before; `refuse` answers the request 403, so a hard limit cannot be bypassed by a model the price table does
 * not know. Existing budgets keep `allow`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table budgets add column unpriced_models text not null default 'allow'
      check (unpriced_models in ('allow', 'refuse'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table budgets drop column unpriced_models');
}
